package io.trainyard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.trainyard.contracts.job.JobProgressed;
import io.trainyard.platform.kafka.EventIds;
import io.trainyard.testsupport.KafkaBroker;
import io.trainyard.testsupport.MlflowServer;
import io.trainyard.testsupport.Postgres;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

@ExtendWith({KafkaBroker.class, Postgres.class, MlflowServer.class})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReadModelRebuildIT extends ApiTestBase {

  @org.springframework.beans.factory.annotation.Autowired JdbcClient jdbc;

  @Test
  void theReadModelIsRebuiltFromTheTopicsAfterItsTablesAreDropped() {
    String ada = newUser("rebuild");
    readyEnvironment(ada, "default", 1, "http://127.0.0.1:9");
    String id = submit(ada, "default");
    awaitJob(ada, id);
    publishAsItsService(
        EventIds.random(),
        new JobProgressed(id, username(ada), 1, 2, 4, 20, Map.of("accuracy", 0.9)));
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                as(ada)
                    .get()
                    .uri("/api/jobs/" + id)
                    .exchange()
                    .expectBody()
                    .jsonPath("$.progress.percent")
                    .isEqualTo(50));

    jdbc.sql(
            "DROP TABLE job_view, environment_view, job_log_line, model_version_view,"
                + " user_event")
        .update();
    String admin = login("admin", "admin-password-1");
    as(admin).post().uri("/api/admin/read-model/rebuild").exchange().expectStatus().isAccepted();

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                as(ada)
                    .get()
                    .uri("/api/jobs/" + id)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.status")
                    .isEqualTo("RUNNING")
                    .jsonPath("$.progress.percent")
                    .isEqualTo(50)
                    .jsonPath("$.metrics.accuracy")
                    .isEqualTo(0.9));
    // Each topic is consumed on its own: the environments may come back a moment after the job.
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                as(ada)
                    .get()
                    .uri("/api/environments/default")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.status")
                    .isEqualTo("READY"));
    assertThat(
            as(admin)
                .get()
                .uri("/api/jobs?limit=200")
                .accept(MediaType.APPLICATION_JSON)
                .exchange()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody())
        .contains(id);

    readyEnvironment(newUser("after-rebuild"), "fresh", 1, "http://127.0.0.1:9");
  }
}
