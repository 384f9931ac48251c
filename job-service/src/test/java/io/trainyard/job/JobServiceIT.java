package io.trainyard.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.trainyard.testsupport.DeadLetterChecks;
import io.trainyard.testsupport.KafkaBroker;
import io.trainyard.testsupport.Postgres;
import io.trainyard.testsupport.TopicProbe;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

@ExtendWith({KafkaBroker.class, Postgres.class})
@DirtiesContext
@SpringBootTest
class JobServiceIT {

  @Autowired JdbcClient jdbc;

  static String submitted(String jobId) {
    return """
        {"jobId":"%s","owner":"ada","environment":"default","template":"digits-mlp",
         "hyperparameters":{"epochs":2},"workers":2,
         "resources":{"cpuPerWorker":1,"memoryGiPerWorker":2,"gpusPerWorker":0}}
        """
        .formatted(jobId);
  }

  @Test
  void aSubmissionItTakesIsRecordedOnTheJobsTopicFirstAndARepeatIsNot() throws Exception {
    try (TopicProbe jobs = new TopicProbe("trainyard.jobs")) {
      for (int i = 0; i < 2; i++) {
        TopicProbe.send(
            "trainyard.job-requests",
            "taken-job",
            TopicProbe.cloudEventHeaders("taken-job-" + i, "io.trainyard.job.submitted.v1"),
            submitted("taken-job").getBytes());
      }
      jobs.await(
          r ->
              "taken-job".equals(r.key())
                  && "io.trainyard.job.queued.v1".equals(TopicProbe.header(r, "ce_type")));
      Thread.sleep(2000);
      assertThat(
              jobs.seen().stream()
                  .filter(r -> "taken-job".equals(r.key()))
                  .map(r -> TopicProbe.header(r, "ce_type"))
                  .toList())
          .containsExactly("io.trainyard.job.submitted.v1", "io.trainyard.job.queued.v1");
      var recorded = jobs.seen().stream().filter(r -> "taken-job".equals(r.key())).findFirst();
      assertThat(TopicProbe.header(recorded.orElseThrow(), "ce_source"))
          .isEqualTo("/trainyard/job-service");
    }
  }

  @Test
  void jobsTopicDeadLettersMalformedRecordsAndRecordsTheNextSubmission() throws Exception {
    DeadLetterChecks.sendMalformedThenValid(
        "trainyard.job-requests",
        "io.trainyard.job.submitted.v1",
        "dlq-job",
        submitted("dlq-job"),
        "dlq-job-submitted",
        "job-service");

    await().atMost(Duration.ofSeconds(20)).until(() -> status("dlq-job") != null);
    assertThat(status("dlq-job")).isEqualTo("QUEUED");
  }

  @Test
  void environmentsTopicDeadLettersMalformedRecordsAndFailsJobsOfADeletedEnvironment()
      throws Exception {
    TopicProbe.send(
        "trainyard.job-requests",
        "env-job",
        TopicProbe.cloudEventHeaders("env-job-submitted", "io.trainyard.job.submitted.v1"),
        submitted("env-job").replace("\"default\"", "\"scratch\"").getBytes());
    await().atMost(Duration.ofSeconds(20)).until(() -> status("env-job") != null);

    try (TopicProbe jobs = new TopicProbe("trainyard.jobs")) {
      DeadLetterChecks.sendMalformedThenValid(
          "trainyard.environments",
          "io.trainyard.environment.deleted.v1",
          "ada/scratch",
          "{\"owner\":\"ada\",\"name\":\"scratch\",\"reason\":\"user\"}",
          "scratch-deleted",
          "job-service");

      var failed =
          jobs.await(
              r ->
                  "env-job".equals(r.key())
                      && "io.trainyard.job.failed.v1".equals(TopicProbe.header(r, "ce_type")));
      assertThat(TopicProbe.value(failed)).contains("environment 'scratch' was deleted");
    }
    assertThat(status("env-job")).isEqualTo("FAILED");
  }

  @Test
  void trackingTopicDeadLettersMalformedRecordsAndRecordsTheRunOfAJob() throws Exception {
    TopicProbe.send(
        "trainyard.job-requests",
        "run-job",
        TopicProbe.cloudEventHeaders("run-job-submitted", "io.trainyard.job.submitted.v1"),
        submitted("run-job").getBytes());
    await().atMost(Duration.ofSeconds(20)).until(() -> status("run-job") != null);

    DeadLetterChecks.sendMalformedThenValid(
        "trainyard.tracking",
        "io.trainyard.tracking.run-created.v1",
        "run-job",
        "{\"jobId\":\"run-job\",\"owner\":\"ada\",\"experimentId\":\"1\",\"runId\":\"r-77\"}",
        "run-job-run",
        "job-service");

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                "r-77"
                    .equals(
                        jdbc.sql("SELECT mlflow_run_id FROM jobs WHERE id = 'run-job'")
                            .query(String.class)
                            .optional()
                            .orElse(null)));
  }

  @Test
  void eventsPointingAtAnotherUsersUploadsOrAForeignServerAreDeadLetteredNotFollowed()
      throws Exception {
    String foreignCode =
        submitted("forged-job")
            .replace(
                "\"template\":\"digits-mlp\",",
                "\"code\":{\"uri\":\"file:///tmp/blobs/bob/1/model.py\",\"filename\":"
                    + "\"model.py\",\"sizeBytes\":10,\"sha256\":\""
                    + "a".repeat(64)
                    + "\"},");
    String attacker =
        "{\"owner\":\"ada\",\"name\":\"stolen\",\"dashboardUrl\":\"http://attacker.example:8265\","
            + "\"jobsApiUrl\":\"http://attacker.example:8265/api/jobs/\",\"workers\":1}";
    try (TopicProbe dlq = new TopicProbe("trainyard.dlq")) {
      TopicProbe.send(
          "trainyard.job-requests",
          "forged-job",
          TopicProbe.cloudEventHeaders("forged-job-submitted", "io.trainyard.job.submitted.v1"),
          foreignCode.getBytes());
      TopicProbe.send(
          "trainyard.environments",
          "ada/stolen",
          TopicProbe.cloudEventHeaders("stolen-ready", "io.trainyard.environment.ready.v1"),
          attacker.getBytes());
      var job = dlq.await(r -> "forged-job".equals(r.key()));
      assertThat(TopicProbe.header(job, "trainyard_dlq_reason"))
          .contains("not among the uploads of ada");
      var env = dlq.await(r -> "ada/stolen".equals(r.key()));
      assertThat(TopicProbe.header(env, "trainyard_dlq_reason")).contains("loopback");
    }
    assertThat(status("forged-job")).isNull();
    assertThat(
            jdbc.sql("SELECT count(*) FROM environments WHERE name = 'stolen'")
                .query(Integer.class)
                .single())
        .isZero();
  }

  @Test
  void aRedeliveredCancelPublishesOneCancellation() throws Exception {
    TopicProbe.send(
        "trainyard.job-requests",
        "cancel-job",
        TopicProbe.cloudEventHeaders("cancel-job-submitted", "io.trainyard.job.submitted.v1"),
        submitted("cancel-job").getBytes());
    byte[] cancel = "{\"jobId\":\"cancel-job\",\"owner\":\"ada\"}".getBytes();
    var headers = TopicProbe.cloudEventHeaders("cancel-1", "io.trainyard.job.cancel-requested.v1");
    TopicProbe.send("trainyard.job-requests", "cancel-job", headers, cancel);
    TopicProbe.send("trainyard.job-requests", "cancel-job", headers, cancel);

    try (TopicProbe jobs = new TopicProbe("trainyard.jobs")) {
      jobs.await(
          r ->
              "cancel-job".equals(r.key())
                  && "io.trainyard.job.cancelled.v1".equals(TopicProbe.header(r, "ce_type")));
      Thread.sleep(1000);
      assertThat(
              jobs.seen().stream()
                  .filter(
                      r -> "io.trainyard.job.cancelled.v1".equals(TopicProbe.header(r, "ce_type")))
                  .filter(r -> "cancel-job".equals(r.key())))
          .hasSize(1);
    }
    assertThat(status("cancel-job")).isEqualTo("CANCELLED");
  }

  private String status(String jobId) {
    return jdbc.sql("SELECT status FROM jobs WHERE id = ?")
        .param(jobId)
        .query(String.class)
        .optional()
        .orElse(null);
  }
}
