package io.trainyard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.testsupport.LocalProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.FileSystemUtils;

/**
 * The gateway's PostgreSQL of its own, stopped and started again under it: while it is gone every
 * request that needs it answers 503 problem+json with a Retry-After within seconds, and once it is
 * back the same session works again. Its own context does not consume.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.cloud.stream.default.consumer.auto-startup=false")
class DatabaseOutageIT extends ApiTestBase {

  private static final int PORT = LocalProcess.freePort();
  private static final Path DATA = temporaryDirectory();
  private static EmbeddedPostgres database = start();

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> database.getJdbcUrl("postgres", "postgres"));
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "");
  }

  @AfterAll
  static void stop() throws IOException {
    database.close();
    FileSystemUtils.deleteRecursively(DATA);
  }

  @Test
  void withTheDatabaseGoneRequestsAnswer503QuicklyAndWorkAgainOnceItIsBack() throws IOException {
    String token = newUser("outage");
    WebTestClient ada = as(token);
    ada.get().uri("/api/jobs").exchange().expectStatus().isOk();
    String name = username(token);

    database.close();

    // In a controller (the session is cached), in the token filter (an API token never seen) and
    // at log-in: each says so and when to come back.
    unavailable(ada.get().uri("/api/jobs"));
    unavailable(as("ty_never-seen-before").get().uri("/api/jobs"));
    unavailable(
        anonymous()
            .post()
            .uri("/api/auth/login")
            .bodyValue(Map.of("username", name, "password", "whatever")));

    database = start();

    // Hikari's pool backs off up to 5 s between attempts to connect, so a client that comes
    // back after the Retry-After finds it working.
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> ada.get().uri("/api/jobs").exchange().expectStatus().isOk());
  }

  private static void unavailable(WebTestClient.RequestHeadersSpec<?> request) {
    long started = System.nanoTime();
    String body =
        request
            .exchange()
            .expectStatus()
            .isEqualTo(503)
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectHeader()
            .valueEquals(HttpHeaders.RETRY_AFTER, "5")
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    JsonNode problem = ApiTestBase.json(body);
    assertThat(problem.get("status").asInt()).isEqualTo(503);
    assertThat(problem.get("detail").asText()).contains("out of reach");
    // The pool's wait for a connection (3 s), not its default 30 s.
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
  }

  /** On the same port and data, so the gateway's pool finds it where it was. */
  private static EmbeddedPostgres start() {
    try {
      return EmbeddedPostgres.builder()
          .setPort(PORT)
          .setDataDirectory(DATA)
          .setCleanDataDirectory(false)
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path temporaryDirectory() {
    try {
      return Files.createTempDirectory("gateway-outage-pg");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
