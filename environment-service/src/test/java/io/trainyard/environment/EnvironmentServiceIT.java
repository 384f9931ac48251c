package io.trainyard.environment;

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

@ExtendWith({KafkaBroker.class, Postgres.class})
@SpringBootTest
class EnvironmentServiceIT {

  @Autowired JdbcClient jdbc;

  @Test
  void environmentsTopicDeadLettersMalformedRecordsAndKeepsTheNextRequest() throws Exception {
    DeadLetterChecks.sendMalformedThenValid(
        "trainyard.environments",
        "io.trainyard.environment.requested.v1",
        "ada/default",
        "{\"owner\":\"ada\",\"name\":\"default\",\"workers\":2,\"workerCpu\":1,"
            + "\"workerMemoryGi\":2,\"gpusPerWorker\":0}",
        "ada-default-requested",
        "environment-service");

    await().atMost(Duration.ofSeconds(20)).until(() -> status("ada", "default") != null);
    assertThat(status("ada", "default")).isEqualTo("REQUESTED");
  }

  @Test
  void jobsTopicDeadLettersMalformedRecordsAndRemembersWhereTheNextJobRuns() throws Exception {
    DeadLetterChecks.sendMalformedThenValid(
        "trainyard.jobs",
        "io.trainyard.job.submitted.v1",
        "env-dlq-job",
        """
        {"jobId":"env-dlq-job","owner":"ada","environment":"default","template":"digits-mlp",
         "hyperparameters":{},"workers":1,
         "resources":{"cpuPerWorker":1,"memoryGiPerWorker":1,"gpusPerWorker":0}}
        """,
        "env-dlq-job-submitted",
        "environment-service");

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                jdbc.sql("SELECT count(*) FROM environment_jobs WHERE job_id = 'env-dlq-job'")
                        .query(Long.class)
                        .single()
                    == 1);
  }

  @Test
  void deletingAMissingEnvironmentSucceeds() throws Exception {
    try (TopicProbe environments = new TopicProbe("trainyard.environments")) {
      TopicProbe.send(
          "trainyard.environments",
          "bob/nothing",
          TopicProbe.cloudEventHeaders(
              "bob-nothing-delete", "io.trainyard.environment.delete-requested.v1"),
          "{\"owner\":\"bob\",\"name\":\"nothing\"}".getBytes());

      var deleted =
          environments.await(
              r ->
                  "bob/nothing".equals(r.key())
                      && "io.trainyard.environment.deleted.v1"
                          .equals(TopicProbe.header(r, "ce_type")));
      assertThat(TopicProbe.value(deleted)).contains("\"reason\":\"user\"");
    }
  }

  private String status(String owner, String name) {
    return jdbc.sql("SELECT status FROM environments WHERE owner = ? AND name = ?")
        .params(owner, name)
        .query(String.class)
        .optional()
        .orElse(null);
  }
}
