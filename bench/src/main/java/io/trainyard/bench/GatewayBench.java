package io.trainyard.bench;

import io.trainyard.contracts.TrainyardEvent;
import io.trainyard.contracts.codec.CloudEventCodec;
import io.trainyard.contracts.codec.EncodedEvent;
import io.trainyard.contracts.environment.EnvironmentReady;
import io.trainyard.contracts.job.JobProgressed;
import io.trainyard.launcher.LocalKafka;
import io.trainyard.launcher.LocalPostgres;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The gateway on its own (a Kafka broker, PostgreSQL and the gateway jar, nothing else consuming):
 *
 * <ul>
 *   <li>submissions: POST /api/jobs from {@code concurrency} clients; each 202 means Kafka
 *       acknowledged the event with acks=all. Target: 2,000/s at p99 at most 50 ms.
 *   <li>fan-out: {@code streams} open SSE streams on /api/events; events produced on Kafka (as
 *       job-service would) carry their send time; latency is produce to client. Target: p99 at most
 *       100 ms.
 * </ul>
 *
 * <p>Options: --submissions=20000 --warmup=3000 --concurrency=32 --streams=2000 --events=30
 * --event-warmup=5 --event-rate=1 --jar=gateway-service/target/gateway-service-0.1.0-SNAPSHOT.jar
 * --profile=gateway.jfr (a JFR recording of the gateway; {@code bench/jfr-top} summarises it)
 */
public final class GatewayBench {

  private static final Pattern SENT_AT = Pattern.compile("\"sentAt\":\\s*([0-9.E]+)");

  private GatewayBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = Options.parse(args);
    int submissions = Integer.parseInt(o.getOrDefault("submissions", "20000"));
    int warmup = Integer.parseInt(o.getOrDefault("warmup", "3000"));
    int concurrency = Integer.parseInt(o.getOrDefault("concurrency", "32"));
    int streams = Integer.parseInt(o.getOrDefault("streams", "2000"));
    int events = Integer.parseInt(o.getOrDefault("events", "30"));
    int eventWarmup = Integer.parseInt(o.getOrDefault("event-warmup", "5"));
    int eventRate = Integer.parseInt(o.getOrDefault("event-rate", "1"));
    Path jar =
        Path.of(o.getOrDefault("jar", "gateway-service/target/gateway-service-0.1.0-SNAPSHOT.jar"));

    Path dir = Files.createTempDirectory("ty-bench-gateway");
    String kafkaPassword = UUID.randomUUID().toString();
    LocalKafka kafka =
        LocalKafka.start(dir.resolve("kafka"), freePort(), freePort(), kafkaPassword);
    kafka.grant(Map.of(io.trainyard.contracts.KafkaAccess.GATEWAY, kafkaPassword), "trainyard.");
    int pgPort = freePort();
    LocalPostgres pg = LocalPostgres.start(dir.resolve("pg"), pgPort, List.of("trainyard_gateway"));
    int port = freePort();
    List<String> command =
        new java.util.ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
    if (o.containsKey("profile")) {
      // JFR's sampling profiler on the gateway: bench/jfr-top names where its CPU went.
      command.add(
          "-XX:StartFlightRecording=settings=profile,filename="
              + Path.of(o.get("profile")).toAbsolutePath());
    }
    command.addAll(List.of("-jar", jar.toString()));
    ProcessBuilder gatewayProcess =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("gateway.log").toFile());
    gatewayProcess
        .environment()
        .putAll(
            Map.of(
                "PORT",
                Integer.toString(port),
                "TRAINYARD_KAFKA",
                kafka.bootstrapServers(),
                "TRAINYARD_KAFKA_PASSWORD",
                kafkaPassword,
                "TRAINYARD_GATEWAY_DB",
                "jdbc:postgresql://127.0.0.1:" + pgPort + "/trainyard_gateway",
                "TRAINYARD_SUBMISSIONS_PER_SECOND",
                "1000000",
                "TRAINYARD_SUBMISSIONS_BURST",
                "1000000",
                "TRAINYARD_JWT_SECRET",
                UUID.randomUUID() + "-" + UUID.randomUUID(),
                "TRAINYARD_MLFLOW_USER_SECRET",
                UUID.randomUUID() + "-" + UUID.randomUUID(),
                "TRAINYARD_BLOBS",
                dir.resolve("blobs").toString()));
    for (String pair : o.getOrDefault("gateway-env", "").split(",")) {
      if (pair.contains("=")) {
        gatewayProcess
            .environment()
            .put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
      }
    }
    Process gateway = gatewayProcess.start();
    String base = "http://127.0.0.1:" + port;
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    try (KafkaProducer<String, byte[]> producer = producer(kafka.adminClient())) {
      awaitReady(http, base, gateway, dir);
      String token = GatewayUser.signUp(http, base, "bench").token();
      http.send(
          GatewayUser.json(
              base + "/api/environments",
              token,
              "{\"name\":\"default\",\"workers\":4,"
                  + "\"workerCpu\":1,\"workerMemoryGi\":2,\"gpusPerWorker\":0}"),
          HttpResponse.BodyHandlers.discarding());
      send(
          producer,
          new EnvironmentReady(
              "bench", "default", "http://127.0.0.1:9", "http://127.0.0.1:9/api/jobs/", 4));
      awaitEnvironment(http, base, token);

      String body =
          "{\"environment\":\"default\",\"template\":\"digits-mlp\",\"workers\":2,"
              + "\"hyperparameters\":{\"epochs\":5}}";
      System.out.println("gateway: warming up with " + warmup + " submissions");
      submit(http, base, token, body, warmup, concurrency);
      System.out.println("gateway: measuring from " + java.time.LocalTime.now().withNano(0));
      long started = System.nanoTime();
      CpuUse gatewayBefore = CpuUse.now(gateway.pid());
      CpuUse benchBefore = CpuUse.now(ProcessHandle.current().pid());
      Percentiles latency = submit(http, base, token, body, submissions, concurrency);
      CpuUse gatewayAfter = CpuUse.now(gateway.pid());
      double[] gatewayCores = gatewayAfter.coresSince(gatewayBefore);
      double[] benchCores = CpuUse.now(ProcessHandle.current().pid()).coresSince(benchBefore);
      double seconds = (System.nanoTime() - started) / 1e9;
      double perSecond = submissions / seconds;
      System.out.printf(
          "gateway submissions (202 after acks=all, %d clients): %.0f/s, %s%n",
          concurrency, perSecond, latency.summary());
      System.out.printf(
          "  target >= 2000/s at p99 <= 50 ms: %s%n",
          perSecond >= 2000 && latency.millis(99) <= 50 ? "met" : "NOT met");
      double perSubmission = gatewayAfter.processMillisSince(gatewayBefore) / submissions;
      System.out.printf(
          "  CPU while submitting: %.2f of %d cores busy; the gateway %.2f (%.2f ms a submission,"
              + " so %.0f/s would take %.1f cores), this bench's clients and Kafka broker %.2f,"
              + " the rest (PostgreSQL, ...) %.2f%n",
          gatewayCores[0],
          Runtime.getRuntime().availableProcessors(),
          gatewayCores[1],
          perSubmission,
          2000.0,
          2000 * perSubmission / 1000,
          benchCores[1],
          gatewayCores[0] - gatewayCores[1] - benchCores[1]);

      long caughtUp = awaitReadModel(http, base, token, body);
      System.out.printf(
          "gateway read model caught up with the topic %.1f s after the last 202%n",
          caughtUp / 1000.0);
      fanOut(base, token, producer, streams, eventWarmup, events, eventRate);
    } finally {
      gateway.destroy();
      gateway.waitFor(20, TimeUnit.SECONDS);
      kafka.close();
      pg.close();
    }
  }

  private static Percentiles submit(
      HttpClient http, String base, String token, String body, int count, int concurrency)
      throws Exception {
    long[] micros = new long[count];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    HttpRequest request = GatewayUser.json(base + "/api/jobs", token, body);
    for (int t = 0; t < concurrency; t++) {
      pool.submit(
          () -> {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
              long start = System.nanoTime();
              try {
                int status =
                    http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status != 202) {
                  failed.incrementAndGet();
                }
              } catch (Exception e) {
                failed.incrementAndGet();
              }
              micros[i] = (System.nanoTime() - start) / 1000;
            }
            return null;
          });
    }
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.MINUTES);
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " submissions were not accepted");
    }
    return Percentiles.of(micros);
  }

  private static void fanOut(
      String base,
      String token,
      KafkaProducer<String, byte[]> producer,
      int streams,
      int warmup,
      int events,
      int rate)
      throws Exception {
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    AtomicLong received = new AtomicLong();
    AtomicInteger connected = new AtomicInteger();

    java.util.function.Consumer<String> onLine =
        line -> {
          if (line.startsWith(":connected")) {
            connected.incrementAndGet();
          } else if (line.startsWith("data:")) {
            Matcher m = SENT_AT.matcher(line);
            if (m.find()) {
              latencies.add(System.currentTimeMillis() - (long) Double.parseDouble(m.group(1)));
              received.incrementAndGet();
            }
          }
        };
    URI uri = URI.create(base);
    SseStreams open =
        new SseStreams(
            new InetSocketAddress(uri.getHost(), uri.getPort()),
            "/api/events",
            token,
            streams,
            onLine);
    long openBy = System.currentTimeMillis() + 120_000;
    while (connected.get() < streams) {
      if (System.currentTimeMillis() > openBy) {
        throw new IllegalStateException(connected.get() + " of " + streams + " streams opened");
      }
      Thread.sleep(100);
    }
    Thread.sleep(2000);
    System.out.printf(
        "gateway fan-out: %d streams open, sending %d events at %d/s after %d to warm up%n",
        streams, events, rate, warmup);
    long interval = 1_000_000_000L / rate;
    long t0 = System.nanoTime();
    for (int i = 0; i < warmup + events; i++) {
      // Sleep, not spin: a spin between events at 1/s held one of the machine's two cores, which
      // the gateway and the streams' clients then waited for.
      long wait = t0 + i * interval - System.nanoTime();
      if (wait > 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(wait);
      }
      send(
          producer,
          new JobProgressed(
              "bench-job",
              "bench",
              1,
              i + 1,
              warmup + events,
              i,
              // The first events after the streams open meet a gateway whose fan-out path the JIT
              // has not compiled yet (they took 100-180 ms, the later ones under 80): they are
              // sent as warmAt and not counted, as the submissions' warm-up is not.
              Map.of(i < warmup ? "warmAt" : "sentAt", (double) System.currentTimeMillis())));
    }
    long expected = (long) streams * events;
    long deadline = System.currentTimeMillis() + 120_000;
    while (received.get() < expected && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
    }
    open.close();
    long[] micros = latencies.stream().mapToLong(ms -> ms * 1000).toArray();
    Percentiles p = Percentiles.of(micros);
    System.out.printf(
        "gateway fan-out (event produced on Kafka to SSE client): %d of %d, %s%n",
        received.get(), expected, p.summary());
    System.out.printf(
        "  target p99 <= 100 ms with %d streams: %s%n",
        streams, received.get() == expected && p.millis(99) <= 100 ? "met" : "NOT met");
  }

  private static void send(KafkaProducer<String, byte[]> producer, TrainyardEvent event)
      throws Exception {
    CloudEventCodec codec = new CloudEventCodec();
    EncodedEvent encoded =
        codec.encode(
            codec.envelope(
                UUID.randomUUID().toString(), "/bench", Clock.systemUTC().instant(), event));
    String topic = event instanceof EnvironmentReady ? "trainyard.environments" : "trainyard.jobs";
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(topic, encoded.key(), encoded.value());
    encoded.headers().forEach((k, v) -> record.headers().add(k, v));
    producer.send(record).get();
  }

  private static KafkaProducer<String, byte[]> producer(Map<String, Object> client) {
    Map<String, Object> config = new java.util.HashMap<>(client);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  private static void awaitReady(HttpClient http, String base, Process gateway, Path dir)
      throws Exception {
    long deadline = System.currentTimeMillis() + 120_000;
    while (System.currentTimeMillis() < deadline) {
      if (!gateway.isAlive()) {
        throw new IllegalStateException("the gateway exited; see " + dir.resolve("gateway.log"));
      }
      try {
        HttpRequest r =
            HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness")).build();
        if (http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // still starting
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("the gateway did not start; see " + dir.resolve("gateway.log"));
  }

  /** Submits a marker job and waits until the read model shows it; returns milliseconds. */
  private static long awaitReadModel(HttpClient http, String base, String token, String body)
      throws Exception {
    long start = System.currentTimeMillis();
    String accepted =
        http.send(
                GatewayUser.json(base + "/api/jobs", token, body),
                HttpResponse.BodyHandlers.ofString())
            .body();
    String id = accepted.replaceAll("^\\{\"id\":\"([^\"]+)\".*", "$1");
    HttpRequest get =
        HttpRequest.newBuilder(URI.create(base + "/api/jobs/" + id))
            .header("Authorization", "Bearer " + token)
            .build();
    while (http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
      if (System.currentTimeMillis() - start > 900_000) {
        throw new IllegalStateException("the read model did not catch up in 15 minutes");
      }
      Thread.sleep(200);
    }
    return System.currentTimeMillis() - start;
  }

  private static void awaitEnvironment(HttpClient http, String base, String token)
      throws Exception {
    for (int i = 0; i < 120; i++) {
      HttpRequest r =
          HttpRequest.newBuilder(URI.create(base + "/api/environments/default"))
              .header("Authorization", "Bearer " + token)
              .build();
      HttpResponse<String> response = http.send(r, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200 && response.body().contains("\"READY\"")) {
        return;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the environment never showed as ready");
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
