package io.trainyard.job.ray;

import static io.trainyard.job.ray.JobKit.data;
import static io.trainyard.job.ray.JobKit.is;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.contracts.job.FileRef;
import io.trainyard.contracts.job.JobCancelRequested;
import io.trainyard.contracts.job.JobSubmitted;
import io.trainyard.contracts.job.Resources;
import io.trainyard.processes.ProcessGroups;
import io.trainyard.testsupport.KafkaBroker;
import io.trainyard.testsupport.LocalProcess;
import io.trainyard.testsupport.MlflowServer;
import io.trainyard.testsupport.Postgres;
import io.trainyard.testsupport.PythonEnv;
import io.trainyard.testsupport.RayHead;
import io.trainyard.testsupport.TopicProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * job-service as its own process with a small heap, on topics and a database of its own, against
 * real Ray heads that misbehave as a user's cluster can: a script that floods its log, a head that
 * stalls, a head that stops answering while its job runs on.
 */
@ExtendWith({KafkaBroker.class, Postgres.class, MlflowServer.class})
class RobustnessIT {

  static final String T = "robust.";
  static final Duration TRAINING = Duration.ofMinutes(5);
  static Path work;
  static LocalProcess service;

  @BeforeAll
  static void jobService() throws Exception {
    work = Files.createTempDirectory("job-service-robust");
    try (Connection c = Postgres.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE robust_jobs");
    }
    KafkaBroker.grant(T);
    service = start();
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void aScriptThatFloodsItsLogIsFollowedToTheEndInBoundedEventsAndAHeapOf200Mb() throws Exception {
    String job = "flood";
    int lines = 40_000;
    FileRef code =
        upload(
            "model.py",
            // Printed on a Ray Train worker: Ray forwards it to the driver's log as it can, so
            // the script gives it time before failing, and the driver before exiting.
            "import sys, time\n"
                + "print('y' * 200_000)\n"
                + "for i in range("
                + lines
                + "):\n"
                + "    print(f'{i:07d} ' + 'x' * 992)\n"
                + "sys.stdout.flush()\n"
                + "time.sleep(10)\n"
                + "raise RuntimeError('printed enough')\n");
    try (RayHead head = RayHead.start(2);
        TopicProbe jobs = new TopicProbe(T + "jobs")) {
      ready("flood-env", head, 1);
      submit(
          new JobSubmitted(
              job,
              "ada",
              "flood-env",
              null,
              code,
              null,
              Map.of("epochs", 1),
              1,
              new Resources(1, 1, 0)));
      JobKit.runFor(job, "ada", T + "tracking");

      long[] counted = countLogLines(job, Duration.ofMinutes(8));

      ConsumerRecord<String, byte[]> end = ended(jobs, job);
      assertThat(TopicProbe.header(end, "ce_type")).isEqualTo("io.trainyard.job.failed.v1");
      assertThat(data(end).path("reason").asText())
          .contains("RuntimeError: printed enough")
          .hasSizeLessThan(25 * 4200);
      assertThat(counted[1]).as("the largest log event, bytes").isLessThan(300_000);
      assertThat(service.isAlive()).as("job-service with -Xmx200m is still up").isTrue();
    }
  }

  @Test
  void aStalledHeadDelaysOnlyItsOwnJobNotAnotherUsersBesideIt() throws Exception {
    try (RayHead stalled = RayHead.start(2);
        RayHead healthy = RayHead.start(2);
        TopicProbe jobs = new TopicProbe(T + "jobs")) {
      ready("stalled-env", stalled, 1);
      submit(template("stalls", "stalled-env", Map.of("epochs", 200, "batchSize", 8)));
      JobKit.runFor("stalls", "ada", T + "tracking");
      jobs.await(r -> is(r, "stalls", "progressed"), TRAINING);

      signal(stalled, "STOP");
      try {
        ready("healthy-env", healthy, 1);
        submit(template("healthy", "healthy-env", Map.of("epochs", 8, "batchSize", 8)));
        JobKit.runFor("healthy", "ada", T + "tracking");
        ConsumerRecord<String, byte[]> end = ended(jobs, "healthy");

        assertThat(TopicProbe.header(end, "ce_type")).isEqualTo("io.trainyard.job.succeeded.v1");
        List<Instant> progress =
            jobs.seen().stream()
                .filter(r -> is(r, "healthy", "progressed"))
                .map(r -> Instant.ofEpochMilli(r.timestamp()))
                .toList();
        assertThat(progress).hasSizeGreaterThanOrEqualTo(8);
        for (int i = 1; i < progress.size(); i++) {
          // A look at the stalled head waits 15 s for its answer; the healthy job never does.
          assertThat(Duration.between(progress.get(i - 1), progress.get(i)))
              .isLessThan(Duration.ofSeconds(10));
        }
      } finally {
        signal(stalled, "CONT");
        JobKit.send(T + "job-requests", new JobCancelRequested("stalls", "ada"));
      }
    }
  }

  @Test
  void anAttemptLostWhileItsRayJobRunsOnIsStoppedBeforeTheNextStarts() throws Exception {
    String job = "lost";
    try (RayHead head = RayHead.start(2);
        TopicProbe jobs = new TopicProbe(T + "jobs")) {
      ready("lost-env", head, 1);
      submit(template(job, "lost-env", Map.of("epochs", 40, "batchSize", 8)));
      JobKit.runFor(job, "ada", T + "tracking");
      jobs.await(r -> is(r, job, "progressed"), TRAINING);

      // The head stops answering; its Ray job trains on meanwhile.
      signal(head, "STOP");
      try {
        JsonNode lost = data(jobs.await(r -> is(r, job, "failed"), Duration.ofMinutes(2)));
        assertThat(lost.path("retriable").asBoolean()).isTrue();
      } finally {
        signal(head, "CONT");
      }

      jobs.await(r -> is(r, job, "started") && data(r).path("attempt").asInt() == 2, TRAINING);
      JsonNode first = JobKit.rayJob(head, job + "-1");
      JsonNode second = JobKit.rayJob(head, job + "-2");
      assertThat(first.path("status").asText()).isEqualTo("STOPPED");
      assertThat(first.path("end_time").asLong())
          .as("attempt 1 ended before attempt 2 was submitted")
          .isLessThanOrEqualTo(second.path("start_time").asLong());
      JobKit.send(T + "job-requests", new JobCancelRequested(job, "ada"));
      ended(jobs, job);
    }
  }

  /** Stops or resumes the head's dashboard, which answers the Jobs API; Ray itself runs on. */
  private static void signal(RayHead head, String signal) throws Exception {
    List<ProcessHandle> dashboards =
        ProcessGroups.withCommandLine(head.tempDir().toString()).stream()
            .filter(p -> p.info().commandLine().orElse("").contains("dashboard/dashboard.py"))
            .toList();
    assertThat(dashboards).isNotEmpty();
    for (ProcessHandle p : dashboards) {
      new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
    }
  }

  /** Counts the job's log lines as they come, checking order; keeps no line. */
  private static long[] countLogLines(String job, Duration within) {
    long next = 0;
    long largest = 0;
    boolean sawLongLine = false;
    String longLine = "none";
    Instant deadline = Instant.now().plus(within);
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            io.trainyard.testsupport.TopicProbe.with(
                KafkaBroker.adminClient(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "count-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(T + "job-logs"));
      boolean done = false;
      while (!done && Instant.now().isBefore(deadline)) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (!job.equals(r.key())) {
            continue;
          }
          largest = Math.max(largest, r.value().length);
          JsonNode chunk = data(r);
          if (chunk.path("firstLine").asLong() != next) {
            continue; // a re-sent chunk
          }
          for (JsonNode line : chunk.path("lines")) {
            String text = line.asText();
            if (text.contains("yyyy")) {
              longLine =
                  text.length()
                      + " chars ending "
                      + text.substring(Math.max(0, text.length() - 30));
            }
            sawLongLine |= text.contains("yyyy") && text.endsWith(" [cut]");
            done |= text.contains("printed enough");
            next++;
          }
        }
      }
      assertThat(done).as("the log was followed to its last line").isTrue();
      assertThat(sawLongLine).as("a 200 kB line arrives cut: " + longLine).isTrue();
      assertThat(next).isGreaterThan(40_000);
    }
    return new long[] {next, largest};
  }

  private static ConsumerRecord<String, byte[]> ended(TopicProbe jobs, String job) {
    return jobs.await(
        r ->
            is(r, job, "succeeded")
                || (is(r, job, "failed") && !data(r).path("retriable").asBoolean())
                || is(r, job, "cancelled")
                || is(r, job, "rejected"),
        TRAINING);
  }

  private static void ready(String env, RayHead head, int workers) {
    JobKit.ready(T + "environments", "ada", env, head, workers);
  }

  private static void submit(JobSubmitted job) {
    JobKit.send(T + "job-requests", job);
  }

  private static JobSubmitted template(String job, String env, Map<String, Object> hp) {
    return JobKit.template(job, env, hp, 1);
  }

  private static FileRef upload(String name, String content) throws Exception {
    // Where the gateway keeps ada's uploads: job-service refuses code outside its owner's.
    Path owner = Files.createDirectories(work.resolve("blobs").resolve("ada"));
    Path file = Files.createTempDirectory(owner, "up").resolve(name);
    Files.writeString(file, content);
    byte[] bytes = Files.readAllBytes(file);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    return new FileRef(file.toUri().toString(), name, bytes.length, sha);
  }

  private static LocalProcess start() throws Exception {
    Files.createDirectories(work.resolve("blobs"));
    Path jar;
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      jar =
          files
              .filter(p -> p.getFileName().toString().matches("job-service-.*\\.jar"))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("package job-service first"));
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    String db = Postgres.url().replaceAll("/[^/?]+(\\?.*)?$", "/robust_jobs$1");
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx200m",
                "-jar",
                jar.toString(),
                "--server.port=" + LocalProcess.freePort(),
                "--spring.kafka.bootstrap-servers=" + KafkaBroker.bootstrapServers(),
                "--trainyard.kafka.password=" + KafkaBroker.SERVICE_PASSWORD,
                "--spring.datasource.url=" + db,
                "--spring.datasource.username=" + System.getProperty("spring.datasource.username"),
                "--spring.datasource.password=" + System.getProperty("spring.datasource.password"),
                "--spring.cloud.stream.default.group=job-service-robust",
                "--trainyard.jobs.poll-interval=500ms",
                "--trainyard.ray.token-dir=" + JobKit.TOKENS,
                "--trainyard.mlflow.user-secret=" + MlflowServer.current().userSecret(),
                "--trainyard.service-token=service-token-of-the-tests-0123456789abcdef",
                "--trainyard.jobs.lost-after=5s",
                "--trainyard.jobs.mlflow-tracking-uri=" + MlflowServer.current().url(),
                "--trainyard.jobs.python=" + PythonEnv.bin("python"),
                "--trainyard.jobs.checkpoint-storage=" + work.resolve("checkpoints"),
                "--trainyard.jobs.uploads.root=" + work.resolve("blobs")));
    for (String topic :
        List.of("environments", "jobs", "job-requests", "job-logs", "tracking", "dlq")) {
      command.add("--trainyard.kafka.topics." + topic + "=" + T + topic);
    }
    LocalProcess process =
        LocalProcess.start("job-service robust", command, work.resolve("service.log"));
    process.awaitHttpOk(
        "http://127.0.0.1:" + port(command) + "/actuator/health/readiness", Duration.ofMinutes(3));
    return process;
  }

  private static String port(List<String> command) {
    return command.stream()
        .filter(a -> a.startsWith("--server.port="))
        .findFirst()
        .orElseThrow()
        .substring("--server.port=".length());
  }
}
