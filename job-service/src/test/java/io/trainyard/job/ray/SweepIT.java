package io.trainyard.job.ray;

import static io.trainyard.job.ray.JobKit.data;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.contracts.job.Resources;
import io.trainyard.contracts.sweep.SweepRequested;
import io.trainyard.testsupport.KafkaBroker;
import io.trainyard.testsupport.MlflowServer;
import io.trainyard.testsupport.Postgres;
import io.trainyard.testsupport.PythonEnv;
import io.trainyard.testsupport.RayHead;
import io.trainyard.testsupport.TopicProbe;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A sweep's trials as real Ray jobs, stopped early by ASHA, through Kafka and PostgreSQL. */
@ExtendWith({KafkaBroker.class, Postgres.class, MlflowServer.class})
@DirtiesContext
@SpringBootTest(properties = {"trainyard.jobs.poll-interval=300ms"})
class SweepIT {

  static RayHead head;

  @BeforeAll
  static void startRay() {
    head = RayHead.start(3);
  }

  @AfterAll
  static void stopRay() {
    head.close();
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) throws Exception {
    registry.add("trainyard.jobs.mlflow-tracking-uri", () -> MlflowServer.current().url());
    registry.add("trainyard.ray.token-dir", JobKit.TOKENS::toString);
    registry.add("trainyard.jobs.python", () -> PythonEnv.bin("python").toString());
    registry.add("trainyard.jobs.uploads.root", Files.createTempDirectory("blobs")::toString);
    registry.add(
        "trainyard.jobs.checkpoint-storage",
        () -> MlflowServer.current().directory().resolve("checkpoints").toString());
  }

  @Test
  void aSixTrialSweepWithAshaStopsTheWeakTrialsAtARungAndCompletesWithTheBest() throws Exception {
    JobKit.ready("ada", "sweep", head, 2);
    // Two good learning rates first, then four that cannot learn in one epoch: whatever the
    // timing, each of those is below the cut of the first rung (the top third of all so far).
    JobKit.send(
        "trainyard.job-requests",
        new SweepRequested(
            "sw1",
            "ada",
            "sweep",
            "digits-mlp",
            null,
            null,
            Map.of("epochs", 4),
            Map.of(
                "learningRate",
                Map.of("choice", List.of(0.01, 0.005, 0.00001, 0.00002, 0.00003, 0.00004))),
            SweepRequested.GRID,
            null,
            null,
            2,
            "accuracy",
            "max",
            new SweepRequested.EarlyStopping(1, 3),
            1,
            new Resources(1, 1, 0),
            null));

    try (TopicProbe jobs = new TopicProbe("trainyard.jobs")) {
      Set<String> tracked = new HashSet<>();
      Awaitility.await()
          .atMost(Duration.ofMinutes(8))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                // Plays tracking-service: each trial's job gets its MLflow run.
                for (ConsumerRecord<String, byte[]> r : jobs.seen()) {
                  if (type(r).equals("io.trainyard.job.submitted.v1")
                      && "sw1".equals(data(r).path("sweep").asText())
                      && tracked.add(r.key())) {
                    JobKit.runFor(r.key(), "ada");
                  }
                }
                return jobs.seen().stream().anyMatch(r -> is(r, "sweep.completed"));
              });

      List<ConsumerRecord<String, byte[]>> seen = jobs.seen();
      JsonNode completed = data(only(seen, "sweep.completed"));
      assertThat(completed.path("status").asText()).as(completed.toString()).isEqualTo("succeeded");
      assertThat(completed.path("bestJobId").asText()).isIn("sw1-t1", "sw1-t2");
      assertThat(completed.path("bestMetric").asDouble()).isGreaterThan(0.8);

      List<JsonNode> stopped = all(seen, "sweep.trial-stopped");
      assertThat(stopped)
          .extracting(s -> s.path("jobId").asText())
          .contains("sw1-t3", "sw1-t4", "sw1-t5", "sw1-t6")
          .as("the first trial at each rung goes on")
          .hasSizeLessThan(6);
      assertThat(stopped)
          .allSatisfy(
              s ->
                  assertThat(s.path("reason").asText())
                      .startsWith("stopped early at epoch 1: accuracy ")
                      .contains("rung cut"));
      for (JsonNode s : stopped) {
        JsonNode cancelled = jobEvent(seen, s.path("jobId").asText(), "job.cancelled");
        assertThat(cancelled.path("reason").asText()).isEqualTo(s.path("reason").asText());
      }
      assertThat(
              jobEvent(seen, completed.path("bestJobId").asText(), "job.succeeded")
                  .path("metrics")
                  .path("accuracy")
                  .asDouble())
          .isEqualTo(completed.path("bestMetric").asDouble());
      assertThat(all(seen, "sweep.trial-started")).hasSize(6);
      assertThat(maxRunningAtOnce(seen)).isLessThanOrEqualTo(2);
    }
  }

  /** Trials running at once, by the order of their started and ended events on the topic. */
  private static int maxRunningAtOnce(List<ConsumerRecord<String, byte[]>> seen) {
    Set<String> running = new HashSet<>();
    int max = 0;
    for (ConsumerRecord<String, byte[]> r : seen) {
      if (is(r, "job.started")) {
        running.add(r.key());
      } else if (is(r, "job.succeeded") || is(r, "job.cancelled") || is(r, "job.failed")) {
        running.remove(r.key());
      }
      max = Math.max(max, running.size());
    }
    return max;
  }

  private static String type(ConsumerRecord<String, byte[]> r) {
    return TopicProbe.header(r, "ce_type");
  }

  private static boolean is(ConsumerRecord<String, byte[]> r, String event) {
    return ("io.trainyard." + event + ".v1").equals(type(r));
  }

  private static ConsumerRecord<String, byte[]> only(
      List<ConsumerRecord<String, byte[]>> seen, String event) {
    return seen.stream().filter(r -> is(r, event)).reduce((a, b) -> b).orElseThrow();
  }

  private static List<JsonNode> all(List<ConsumerRecord<String, byte[]>> seen, String event) {
    return seen.stream().filter(r -> is(r, event)).map(JobKit::data).toList();
  }

  private static JsonNode jobEvent(
      List<ConsumerRecord<String, byte[]>> seen, String jobId, String event) {
    return seen.stream()
        .filter(r -> jobId.equals(r.key()) && is(r, event))
        .map(JobKit::data)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + event + " for " + jobId));
  }
}
