package io.trainyard.bench;

import io.trainyard.contracts.codec.CloudEventCodec;
import io.trainyard.contracts.codec.EncodedEvent;
import io.trainyard.contracts.job.JobSubmitted;
import io.trainyard.contracts.job.Resources;
import io.trainyard.launcher.LocalKafka;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Event latency from a produce on trainyard.jobs (acks=all, idempotent, as the services produce) to
 * a consumer in another JVM that decodes and validates the CloudEvent. Events go out at a steady
 * rate, so the figure is latency, not queueing. Target: p99 below 50 ms.
 *
 * <p>Options: --events=10000 --rate=500 (per second) --warmup=5000 --bootstrap=host:port --user=U
 * --password=P (else a broker of its own, as its admin)
 */
public final class EventLatencyBench {

  private static final String TOPIC = "trainyard.jobs";

  private EventLatencyBench() {}

  static Map<String, Object> with(Map<String, Object> a, Map<String, Object> b) {
    Map<String, Object> out = new java.util.HashMap<>(a);
    out.putAll(b);
    return out;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = Options.parse(args);
    int events = Integer.parseInt(options.getOrDefault("events", "10000"));
    int rate = Integer.parseInt(options.getOrDefault("rate", "500"));
    int warmup = Integer.parseInt(options.getOrDefault("warmup", "5000"));
    LocalKafka broker = null;
    String bootstrap = options.get("bootstrap");
    String user = options.getOrDefault("user", "admin");
    String password = options.get("password");
    if (bootstrap == null) {
      Path dir = Files.createTempDirectory("ty-bench-kafka");
      password = java.util.UUID.randomUUID().toString();
      broker = LocalKafka.start(dir, freePort(), freePort(), password);
      bootstrap = broker.bootstrapServers();
    }
    Map<String, Object> client = LocalKafka.client(bootstrap, user, password);
    try (Admin admin = Admin.create(client)) {
      if (!admin.listTopics().names().get().contains(TOPIC)) {
        admin.createTopics(List.of(new NewTopic(TOPIC, 6, (short) 1))).all().get();
      }
    }

    Process consumer =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LatencyConsumer.class.getName(),
                bootstrap,
                TOPIC,
                Integer.toString(warmup),
                Integer.toString(events),
                user,
                password)
            .redirectErrorStream(true)
            .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(consumer.getInputStream()));
    String line;
    while ((line = out.readLine()) != null && !line.equals("READY")) {
      // wait for partition assignment
    }

    CloudEventCodec codec = new CloudEventCodec();
    Clock clock = Clock.systemUTC();
    long intervalNanos = 1_000_000_000L / rate;
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            with(
                client,
                Map.of(
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                    ProducerConfig.LINGER_MS_CONFIG, "1")),
            new StringSerializer(),
            new ByteArraySerializer())) {
      long start = System.nanoTime();
      for (int i = 0; i < warmup + events; i++) {
        long due = start + i * intervalNanos;
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
          TimeUnit.NANOSECONDS.sleep(Math.min(wait, 200_000));
        }
        String jobId = "bench-" + i;
        JobSubmitted submitted =
            new JobSubmitted(
                jobId,
                "bench",
                "default",
                "digits-mlp",
                null,
                null,
                Map.of("epochs", 5, "learningRate", 0.001, "batchSize", 64),
                2,
                new Resources(1, 2, 0));
        EncodedEvent encoded =
            codec.encode(
                codec.envelope(UUID.randomUUID().toString(), "/bench", clock.instant(), submitted));
        ProducerRecord<String, byte[]> record =
            new ProducerRecord<>(TOPIC, encoded.key(), encoded.value());
        encoded.headers().forEach((k, v) -> record.headers().add(k, v));
        producer.send(record);
      }
      producer.flush();
    }
    while ((line = out.readLine()) != null) {
      if (line.startsWith("RESULT")) {
        System.out.printf(
            "event latency, produce on %s -> consumer in another JVM, %d events at %d/s: %s%n",
            TOPIC, events, rate, line.substring("RESULT ".length()));
      } else if (line.startsWith("P99_MS")) {
        double p99 = Double.parseDouble(line.substring("P99_MS ".length()));
        System.out.printf("target p99 < 50 ms: %s%n", p99 < 50 ? "met" : "NOT met");
      }
    }
    consumer.waitFor();
    if (broker != null) {
      broker.close();
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
