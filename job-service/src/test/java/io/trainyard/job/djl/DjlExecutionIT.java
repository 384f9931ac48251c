package io.trainyard.job.djl;

import static io.trainyard.job.ray.JobKit.data;
import static io.trainyard.job.ray.JobKit.is;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.contracts.job.Executor;
import io.trainyard.contracts.job.JobSubmitted;
import io.trainyard.contracts.job.Resources;
import io.trainyard.contracts.tracking.RunCreated;
import io.trainyard.job.ray.JobKit;
import io.trainyard.testsupport.KafkaBroker;
import io.trainyard.testsupport.Postgres;
import io.trainyard.testsupport.TopicProbe;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The DJL executor: training in a JVM of its own, on this machine, without Ray. */
@ExtendWith({KafkaBroker.class, Postgres.class})
@DirtiesContext
@SpringBootTest(properties = "trainyard.jobs.poll-interval=300ms")
class DjlExecutionIT {

  static final Duration TRAINING = Duration.ofMinutes(3);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) throws Exception {
    Path work = Files.createTempDirectory("djl");
    registry.add("trainyard.jobs.djl-work-dir", work::toString);
  }

  @Test
  void aDigitsJobTrainsWithDjlAndLeavesATorchScriptModelForTracking() throws Exception {
    String job = "djl-ok";
    submit(job, Map.of("epochs", 3), 1);

    try (TopicProbe jobs = new TopicProbe("trainyard.jobs")) {
      ConsumerRecord<String, byte[]> end = ended(jobs, job);

      assertThat(type(end)).as(TopicProbe.value(end)).isEqualTo("succeeded");
      Path model = Path.of(URI.create(data(end).path("modelUri").asText()));
      assertThat(model.resolve("data/model.pth")).exists();
      assertThat(model.resolve("MLmodel")).exists();
      assertThat(data(end).path("metrics").path("accuracy").asDouble()).isGreaterThan(0.8);
      assertThat(all(jobs, job, "started").path("executor").asText()).isEqualTo("djl");
      assertThat(
              jobs.seen().stream()
                  .filter(r -> is(r, job, "progressed"))
                  .map(r -> data(r).path("epoch").asInt())
                  .toList())
          .containsExactly(1, 2, 3);
    }
  }

  @Test
  void cancellingStopsTheTrainingProcess() throws Exception {
    String job = "djl-cancel";
    submit(job, Map.of("epochs", 200, "batchSize", 8), 1);

    try (TopicProbe jobs = new TopicProbe("trainyard.jobs")) {
      jobs.await(r -> is(r, job, "progressed"), TRAINING);
      JobKit.cancel(job);

      assertThat(type(ended(jobs, job))).isEqualTo("cancelled");
    }
    assertThat(
            ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(job + "-1"))
                .filter(ProcessHandle::isAlive)
                .toList())
        .isEmpty();
  }

  @Test
  void djlTakesOneWorkerOnly() throws Exception {
    String job = "djl-two";
    submit(job, Map.of(), 2);

    try (TopicProbe jobs = new TopicProbe("trainyard.jobs")) {
      JsonNode rejected = data(jobs.await(r -> is(r, job, "rejected")));
      assertThat(rejected.path("field").asText()).isEqualTo("workers");
    }
  }

  private static void submit(String job, Map<String, Object> hp, int workers) {
    JobKit.send(
        "trainyard.job-requests",
        new JobSubmitted(
            job,
            "ada",
            "local",
            "digits-mlp",
            null,
            null,
            hp,
            workers,
            new Resources(1, 1, 0),
            Executor.DJL));
    JobKit.send("trainyard.tracking", new RunCreated(job, "ada", "0", "run-" + job));
  }

  private static ConsumerRecord<String, byte[]> ended(TopicProbe jobs, String job) {
    return jobs.await(
        r ->
            is(r, job, "succeeded")
                || is(r, job, "failed")
                || is(r, job, "cancelled")
                || is(r, job, "rejected"),
        TRAINING);
  }

  private static JsonNode all(TopicProbe jobs, String job, String event) {
    return data(jobs.seen().stream().filter(r -> is(r, job, event)).findFirst().orElseThrow());
  }

  private static String type(ConsumerRecord<String, byte[]> r) {
    return TopicProbe.header(r, "ce_type").replace("io.trainyard.job.", "").replace(".v1", "");
  }
}
