package io.trainyard.job.ray;

import static io.trainyard.job.ray.JobKit.all;
import static io.trainyard.job.ray.JobKit.data;
import static io.trainyard.job.ray.JobKit.is;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.contracts.job.FileRef;
import io.trainyard.contracts.job.JobSubmitted;
import io.trainyard.contracts.job.Resources;
import io.trainyard.testsupport.KafkaBroker;
import io.trainyard.testsupport.MlflowServer;
import io.trainyard.testsupport.Postgres;
import io.trainyard.testsupport.PythonEnv;
import io.trainyard.testsupport.RayHead;
import io.trainyard.testsupport.TopicProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** job-service against a real local Ray cluster, a real MLflow server, Kafka and PostgreSQL. */
@ExtendWith({KafkaBroker.class, Postgres.class, MlflowServer.class})
@DirtiesContext
@SpringBootTest(properties = {"trainyard.jobs.poll-interval=500ms", "trainyard.jobs.lost-after=5s"})
class RayExecutionIT {

  static final Duration TRAINING = Duration.ofMinutes(5);
  static RayHead head;
  static Path blobs;

  @BeforeAll
  static void startRay() throws Exception {
    head = RayHead.start(3);
    blobs = Files.createTempDirectory("blobs");
  }

  @AfterAll
  static void stopRay() {
    head.close();
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("trainyard.jobs.mlflow-tracking-uri", () -> MlflowServer.current().url());
    registry.add("trainyard.ray.token-dir", JobKit.TOKENS::toString);
    registry.add("trainyard.jobs.python", () -> PythonEnv.bin("python").toString());
    registry.add("trainyard.jobs.uploads.root", () -> blobs.toString());
    registry.add("trainyard.jobs.checkpoint-storage", () -> checkpoints().toString());
  }

  @Test
  void aDigitsJobOnTwoWorkersSucceedsWithProgressLogsAndItsModelInTheMlflowRun() throws Exception {
    String job = "digits-ok";
    JobKit.ready("ada", "ray-ok", head, 2);
    JobKit.submit(JobKit.template(job, "ray-ok", Map.of("epochs", 3), 2));
    String run = JobKit.runFor(job, "ada");

    try (TopicProbe jobs = new TopicProbe("trainyard.jobs");
        TopicProbe logs = new TopicProbe("trainyard.job-logs")) {
      ConsumerRecord<String, byte[]> end = ended(jobs, job);

      assertThat(TopicProbe.header(end, "ce_type"))
          .as(TopicProbe.value(end))
          .isEqualTo("io.trainyard.job.succeeded.v1");
      assertThat(data(end).path("modelUri").asText()).isEqualTo("runs:/" + run + "/model");
      assertThat(data(end).path("metrics").path("accuracy").asDouble()).isGreaterThan(0.5);
      assertThat(all(jobs, job, "progressed"))
          .extracting(p -> p.path("epoch").asInt())
          .containsExactly(1, 2, 3);
      assertThat(all(jobs, job, "started"))
          .singleElement()
          .satisfies(s -> assertThat(s.path("raySubmissionId").asText()).isEqualTo(job + "-1"));
      logs.await(r -> job.equals(r.key()) && TopicProbe.value(r).contains("TRAINYARD_DONE"));
      assertThat(JobKit.artifacts(run, "model/data")).contains("model/data/model.pth");
    }
  }

  @Test
  void cancellingARunningJobStopsItsRayJob() throws Exception {
    String job = "digits-cancel";
    JobKit.ready("ada", "ray-cancel", head, 2);
    JobKit.submit(JobKit.template(job, "ray-cancel", Map.of("epochs", 100), 1));
    JobKit.runFor(job, "ada");

    try (TopicProbe jobs = new TopicProbe("trainyard.jobs")) {
      jobs.await(r -> is(r, job, "progressed"), TRAINING);
      JobKit.cancel(job);

      ConsumerRecord<String, byte[]> end = ended(jobs, job);
      assertThat(TopicProbe.header(end, "ce_type"))
          .as(TopicProbe.value(end))
          .isEqualTo("io.trainyard.job.cancelled.v1");
      assertThat(JobKit.rayJob(head, job + "-1").path("status").asText()).isEqualTo("STOPPED");
    }
  }

  @Test
  void anErrorInUploadedCodeFailsTheJobAtOnceWithItsTraceback() throws Exception {
    String job = "own-code-fails";
    FileRef code =
        upload(
            "model.py",
            "def build_model(config, input_shape, outputs):\n"
                + "    raise RuntimeError('my model is broken')\n");
    JobKit.ready("ada", "ray-fail", head, 2);
    JobKit.submit(ownCode(job, "ray-fail", code));
    JobKit.runFor(job, "ada");

    try (TopicProbe jobs = new TopicProbe("trainyard.jobs")) {
      ConsumerRecord<String, byte[]> end = ended(jobs, job);

      JsonNode failed = data(end);
      assertThat(TopicProbe.header(end, "ce_type")).isEqualTo("io.trainyard.job.failed.v1");
      assertThat(failed.path("retriable").asBoolean()).isFalse();
      assertThat(failed.path("reason").asText())
          .contains("my model is broken")
          .contains("Traceback");
      assertThat(all(jobs, job, "started")).hasSize(1);
    }
  }

  @Test
  void uploadedCodeThatDoesNotParseIsRejectedBeforeAnythingRuns() throws Exception {
    String job = "own-code-syntax";
    FileRef code = upload("broken.py", "def build_model(config:\n");
    JobKit.submit(ownCode(job, "ray-fail", code));

    try (TopicProbe jobs = new TopicProbe("trainyard.jobs")) {
      JsonNode rejected = data(jobs.await(r -> is(r, job, "rejected")));

      assertThat(rejected.path("field").asText()).isEqualTo("code");
      assertThat(rejected.path("reason").asText()).contains("syntax error in broken.py, line 1");
    }
  }

  @Test
  void afterTheRayHeadCrashesTheNextAttemptResumesFromTheLastCheckpoint() throws Exception {
    String job = "digits-crash";
    RayHead crashing = RayHead.start(3);
    RayHead restarted = null;
    try (TopicProbe jobs = new TopicProbe("trainyard.jobs");
        TopicProbe logs = new TopicProbe("trainyard.job-logs")) {
      JobKit.ready("ada", "ray-crash", crashing, 2);
      JobKit.submit(JobKit.template(job, "ray-crash", Map.of("epochs", 30, "batchSize", 8), 1));
      JobKit.runFor(job, "ada");
      var first = jobs.await(r -> is(r, job, "progressed") || is(r, job, "failed"), TRAINING);
      assertThat(TopicProbe.header(first, "ce_type"))
          .as(TopicProbe.value(first))
          .isEqualTo("io.trainyard.job.progressed.v1");
      // The crash comes once Ray Train has recorded a checkpoint: that is what a retry resumes.
      Path snapshot = checkpoints().resolve(job).resolve("checkpoint_manager_snapshot.json");
      org.awaitility.Awaitility.await().atMost(TRAINING).until(() -> Files.exists(snapshot));

      crashing.kill();
      JobKit.provisioning("ada", "ray-crash", "recreating: the cluster was gone");
      JsonNode lost = data(jobs.await(r -> is(r, job, "failed"), Duration.ofSeconds(60)));
      assertThat(lost.path("retriable").asBoolean()).as(lost.toString()).isTrue();
      restarted = RayHead.start(3, crashing.dashboardPort());
      JobKit.ready("ada", "ray-crash", restarted, 2);

      ConsumerRecord<String, byte[]> end = ended(jobs, job);
      assertThat(TopicProbe.header(end, "ce_type"))
          .as(TopicProbe.value(end))
          .isEqualTo("io.trainyard.job.succeeded.v1");
      assertThat(data(end).path("attempt").asInt()).isEqualTo(2);
      JsonNode firstOfSecond =
          all(jobs, job, "progressed").stream()
              .filter(p -> p.path("attempt").asInt() == 2)
              .findFirst()
              .orElseThrow();
      assertThat(firstOfSecond.path("epoch").asInt()).isGreaterThan(1);
      logs.await(
          r -> job.equals(r.key()) && TopicProbe.value(r).contains("resumed from the checkpoint"));
    } finally {
      crashing.close();
      if (restarted != null) {
        restarted.close();
      }
    }
  }

  private static Path checkpoints() {
    return MlflowServer.current().directory().resolve("checkpoints");
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

  private static JobSubmitted ownCode(String job, String env, FileRef code) {
    return new JobSubmitted(
        job, "ada", env, null, code, null, Map.of("epochs", 1), 1, new Resources(1, 1, 0));
  }

  private static FileRef upload(String name, String content) throws Exception {
    // Where the gateway keeps ada's uploads: job-service refuses code outside its owner's.
    Path file =
        Files.createTempDirectory(Files.createDirectories(blobs.resolve("ada")), "up")
            .resolve(name);
    Files.writeString(file, content);
    byte[] bytes = Files.readAllBytes(file);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    return new FileRef(file.toUri().toString(), name, bytes.length, sha);
  }
}
