package io.trainyard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.trainyard.testsupport.DeadLetterChecks;
import io.trainyard.testsupport.KafkaBroker;
import io.trainyard.testsupport.MlflowServer;
import io.trainyard.testsupport.Postgres;
import io.trainyard.testsupport.TopicProbe;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.reactive.server.WebTestClient;

@ExtendWith({KafkaBroker.class, Postgres.class, MlflowServer.class})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayIT {

  @Autowired JdbcClient jdbc;
  @LocalServerPort int port;

  static final String SUBMITTED =
      """
      {"jobId":"%s","owner":"ada","environment":"default","template":"digits-mlp",
       "hyperparameters":{},"workers":1,
       "resources":{"cpuPerWorker":1,"memoryGiPerWorker":1,"gpusPerWorker":0}}
      """;

  @Test
  void jobsTopicDeadLettersMalformedRecordsAndProjectsTheNextJob() throws Exception {
    DeadLetterChecks.sendMalformedThenValid(
        "trainyard.jobs",
        "io.trainyard.job.submitted.v1",
        "gw-job",
        SUBMITTED.formatted("gw-job"),
        "gw-job-submitted",
        "gateway-service");

    await().atMost(Duration.ofSeconds(20)).until(() -> jobStatus("gw-job") != null);
    assertThat(jobStatus("gw-job")).isEqualTo("SUBMITTED");
  }

  @Test
  void environmentsTopicDeadLettersMalformedRecordsAndProjectsTheNextEnvironment()
      throws Exception {
    DeadLetterChecks.sendMalformedThenValid(
        "trainyard.environments",
        "io.trainyard.environment.requested.v1",
        "ada/gw",
        "{\"owner\":\"ada\",\"name\":\"gw\",\"workers\":1,\"workerCpu\":1,"
            + "\"workerMemoryGi\":1,\"gpusPerWorker\":0}",
        "ada-gw-requested",
        "gateway-service");

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                jdbc.sql(
                        "SELECT doc->>'status' FROM environment_view WHERE owner='ada' AND name='gw'")
                    .query(String.class)
                    .optional()
                    .isPresent());
  }

  @Test
  void trackingTopicDeadLettersMalformedRecordsAndShowsTheNextRunOnItsJob() throws Exception {
    TopicProbe.send(
        "trainyard.jobs",
        "gw-run",
        TopicProbe.cloudEventHeaders("gw-run-submitted", "io.trainyard.job.submitted.v1"),
        SUBMITTED.formatted("gw-run").getBytes());
    await().atMost(Duration.ofSeconds(20)).until(() -> jobStatus("gw-run") != null);

    DeadLetterChecks.sendMalformedThenValid(
        "trainyard.tracking",
        "io.trainyard.tracking.run-created.v1",
        "gw-run",
        "{\"jobId\":\"gw-run\",\"owner\":\"ada\",\"experimentId\":\"1\",\"runId\":\"r-9\"}",
        "gw-run-created",
        "gateway-service");

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                "r-9"
                    .equals(
                        jdbc.sql("SELECT doc->>'mlflowRunId' FROM job_view WHERE id='gw-run'")
                            .query(String.class)
                            .optional()
                            .orElse(null)));
  }

  @Test
  void jobLogsTopicDeadLettersMalformedRecordsAndKeepsTheNextLines() throws Exception {
    DeadLetterChecks.sendMalformedThenValid(
        "trainyard.job-logs",
        "io.trainyard.joblog.appended.v1",
        "gw-logs",
        "{\"jobId\":\"gw-logs\",\"owner\":\"ada\",\"attempt\":1,\"firstLine\":0,"
            + "\"lines\":[\"epoch 1\",\"epoch 2\"]}",
        "gw-logs-0",
        "gateway-service");

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                jdbc.sql("SELECT count(*) FROM job_log_line WHERE job_id='gw-logs'")
                        .query(Long.class)
                        .single()
                    == 2);
  }

  @Test
  void servesTheStartPageAndHealthToAnyoneAndMetricsToAdminsOnly() {
    WebTestClient web = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();

    web.get().uri("/").exchange().expectStatus().isOk();
    web.get()
        .uri("/actuator/health/readiness")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("UP");
    web.get().uri("/actuator/prometheus").exchange().expectStatus().isUnauthorized();
    String admin =
        web.post()
            .uri("/api/auth/login")
            .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
            .bodyValue(java.util.Map.of("username", "admin", "password", "admin-password-1"))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody()
            .replaceAll("(?s).*\"token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    web.get()
        .uri("/actuator/prometheus")
        .header("Authorization", "Bearer " + admin)
        .exchange()
        .expectStatus()
        .isOk();
  }

  private String jobStatus(String id) {
    return jdbc.sql("SELECT status FROM job_view WHERE id = ?")
        .param(id)
        .query(String.class)
        .optional()
        .orElse(null);
  }
}
