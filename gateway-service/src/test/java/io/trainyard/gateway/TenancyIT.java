package io.trainyard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.platform.mlflow.MlflowAccounts;
import io.trainyard.testsupport.MlflowServer;
import io.trainyard.testsupport.TopicProbe;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;

/**
 * What one user can do to another's through the gateway: MLflow through the proxy (reads shared,
 * writes owned), and the accounts themselves (reserved names, tries, token lifetimes, streams).
 */
class TenancyIT extends ApiTestBase {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static MlflowAccounts accounts() {
    return new MlflowAccounts(MlflowServer.current().userSecret().getBytes(StandardCharsets.UTF_8));
  }

  /** As tracking-service does: the account, and an experiment and a model its owner manages. */
  private static String ownedResources(String user) throws Exception {
    mlflowAccount(user);
    String experiment =
        json(admin(
                "POST",
                "/api/2.0/mlflow/experiments/create",
                "{\"name\":\"trainyard/" + user + "\"}"))
            .path("experiment_id")
            .asText();
    admin(
        "POST",
        "/api/2.0/mlflow/registered-models/create",
        "{\"name\":\"" + user + "-digits-mlp\"}");
    admin(
        "POST",
        "/api/3.0/mlflow/users/permissions/grant",
        "{\"username\":\""
            + user
            + "\",\"resource_type\":\"experiment\",\"resource_id\":\""
            + experiment
            + "\",\"permission\":\"MANAGE\"}");
    admin(
        "POST",
        "/api/3.0/mlflow/users/permissions/grant",
        "{\"username\":\""
            + user
            + "\",\"resource_type\":\"registered_model\",\"resource_id\":\""
            + user
            + "-digits-mlp\",\"permission\":\"MANAGE\"}");
    return experiment;
  }

  private static String admin(String method, String path, String body) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(MlflowServer.current().url() + path))
                .header("authorization", MlflowServer.current().adminAuthorization())
                .header("content-type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return response.body();
  }

  private int mlflow(String token, String method, String api, String body) {
    return as(token)
        .method(org.springframework.http.HttpMethod.valueOf(method))
        .uri("/mlflow/api/2.0/mlflow/" + api)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body == null ? "" : body)
        .exchange()
        .returnResult(String.class)
        .getStatus()
        .value();
  }

  @Test
  void throughTheMlflowProxyEveryoneReadsEverythingAndWritesOnlyTheirOwn() throws Exception {
    String ada = newUser("mlf");
    String bob = newUser("mlf");
    String adaName = username(ada);
    String bobName = username(bob);
    String adas = ownedResources(adaName);
    ownedResources(bobName);
    String model = adaName + "-digits-mlp";

    String run =
        json(as(ada)
                .post()
                .uri("/mlflow/api/2.0/mlflow/runs/create")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"experiment_id\":\"" + adas + "\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody())
            .path("run")
            .path("info")
            .path("run_id")
            .asText();
    assertThat(mlflow(bob, "GET", "experiments/get?experiment_id=" + adas, null)).isEqualTo(200);
    assertThat(mlflow(bob, "GET", "runs/get?run_id=" + run, null)).isEqualTo(200);
    assertThat(mlflow(bob, "GET", "registered-models/get?name=" + model, null)).isEqualTo(200);

    String metric =
        "{\"run_id\":\"" + run + "\",\"key\":\"loss\",\"value\":1,\"timestamp\":1,\"step\":0}";
    assertThat(mlflow(bob, "POST", "runs/create", "{\"experiment_id\":\"" + adas + "\"}"))
        .as("a run in another's experiment")
        .isEqualTo(403);
    assertThat(mlflow(bob, "POST", "runs/log-metric", metric)).as("another's run").isEqualTo(403);
    assertThat(mlflow(bob, "POST", "runs/delete", "{\"run_id\":\"" + run + "\"}")).isEqualTo(403);
    assertThat(
            mlflow(
                bob,
                "POST",
                "experiments/update",
                "{\"experiment_id\":\"" + adas + "\",\"new_name\":\"mine\"}"))
        .isEqualTo(403);
    String champion = "{\"name\":\"" + model + "\",\"alias\":\"champion\",\"version\":\"1\"}";
    assertThat(mlflow(bob, "POST", "registered-models/alias", champion))
        .as("moving another's alias")
        .isEqualTo(403);
    assertThat(mlflow(bob, "DELETE", "registered-models/delete", "{\"name\":\"" + model + "\"}"))
        .as("deleting another's model")
        .isEqualTo(403);
    assertThat(
            mlflow(
                bob,
                "POST",
                "model-versions/create",
                "{\"name\":\"" + model + "\",\"source\":\"mlflow-artifacts:/x\"}"))
        .isEqualTo(403);
    assertThat(
            as(bob)
                .put()
                .uri(
                    "/mlflow/api/2.0/mlflow-artifacts/artifacts/"
                        + adas
                        + "/"
                        + run
                        + "/artifacts/model/MLmodel")
                .bodyValue("evil")
                .exchange()
                .returnResult(String.class)
                .getStatus()
                .value())
        .as("an artifact into another's run")
        .isEqualTo(403);
    assertThat(mlflow(ada, "POST", "runs/log-metric", metric)).isEqualTo(200);
    assertThat(mlflow(ada, "GET", "registered-models/get?name=" + model, null)).isEqualTo(200);

    assertThat(
            mlflow(
                bob,
                "PATCH",
                "users/update-password",
                "{\"username\":\"" + adaName + "\",\"password\":\"x-12345678\"}"))
        .as("accounts are the platform's")
        .isEqualTo(403);
    assertThat(
            as(bob)
                .post()
                .uri("/mlflow/ajax-api/2.0/mlflow/users/delete")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"username\":\"" + bobName + "\"}")
                .exchange()
                .returnResult(String.class)
                .getStatus()
                .value())
        .isEqualTo(403);
  }

  @Test
  void jobCodeWritesThroughTheProxyWithItsOwnersMlflowAccountAndNothingElse() throws Exception {
    String ada = newUser("code");
    String adaName = username(ada);
    String adas = ownedResources(adaName);
    String basic = accounts().authorization(adaName);

    anonymous()
        .post()
        .uri("/mlflow/api/2.0/mlflow/runs/create")
        .header(HttpHeaders.AUTHORIZATION, basic)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"experiment_id\":\"" + adas + "\"}")
        .exchange()
        .expectStatus()
        .isOk();
    anonymous()
        .get()
        .uri("/mlflow/api/2.0/mlflow/experiments/get?experiment_id=" + adas)
        .header(HttpHeaders.AUTHORIZATION, MlflowAccounts.basic(adaName, "guessed-password"))
        .exchange()
        .expectStatus()
        .isUnauthorized();
    // The MLflow account opens MLflow only.
    anonymous()
        .get()
        .uri("/api/me")
        .header(HttpHeaders.AUTHORIZATION, basic)
        .exchange()
        .expectStatus()
        .isUnauthorized();
  }

  @Test
  void signingUpAnnouncesTheUserAndTheAdminNameIsNobodysToTake() {
    try (TopicProbe users = new TopicProbe("trainyard.users")) {
      String name = username(newUser("announced"));
      users.await(TopicProbe.key(name), Duration.ofSeconds(30));
    }
    var refused =
        json(
            anonymous()
                .post()
                .uri("/api/auth/signup")
                .bodyValue(Map.of("username", "admin", "password", "password-1234"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
    assertThat(refused.toString()).contains("username").contains("reserved");
  }

  @Test
  void logInTriesForOneNameAreLimited() {
    String name = username(newUser("guessed"));
    int limited = 0;
    String retryAfter = null;
    for (int i = 0; i < 15 && limited == 0; i++) {
      var result =
          anonymous()
              .post()
              .uri("/api/auth/login")
              .bodyValue(Map.of("username", name, "password", "wrong-" + i))
              .exchange()
              .returnResult(String.class);
      if (result.getStatus().value() == 429) {
        limited = i;
        retryAfter = result.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER);
      } else {
        assertThat(result.getStatus().value()).isEqualTo(401);
      }
    }
    assertThat(limited).as("a try was refused with 429").isBetween(5, 14);
    assertThat(retryAfter).isNotNull();
    anonymous()
        .post()
        .uri("/api/auth/login")
        .bodyValue(Map.of("username", name, "password", "password-" + name))
        .exchange()
        .expectStatus()
        .isEqualTo(429);
  }

  @Test
  void anApiTokenExpiresAfterNinetyDaysUnlessAskedOtherwise() {
    String session = newUser("ttl");
    JsonNode token =
        json(
            as(session)
                .post()
                .uri("/api/tokens")
                .bodyValue(Map.of("name", "ci"))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
    Instant expires = Instant.parse(token.path("expiresAt").asText());
    assertThat(Duration.between(Instant.now(), expires))
        .isBetween(Duration.ofDays(90).minusMinutes(5), Duration.ofDays(90));
  }

  @Test
  void aStreamEndsWhenItsSessionLogsOutOrItsTokenIsRevoked() throws Exception {
    String session = newUser("stream");
    assertThat(endsAfter(session, () -> as(session).post().uri("/api/auth/logout").exchange()))
        .isTrue();

    String other = newUser("stream");
    JsonNode token =
        json(
            as(other)
                .post()
                .uri("/api/tokens")
                .bodyValue(Map.of("name", "watcher"))
                .exchange()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
    String secret = token.path("token").asText();
    String id = token.path("id").asText();
    assertThat(endsAfter(secret, () -> as(other).delete().uri("/api/tokens/" + id).exchange()))
        .isTrue();
  }

  @Test
  void aReadyEnvironmentWhoseDashboardIsNotItsClustersIsDeadLetteredNotProxied() throws Exception {
    String victim = newUser("victim");
    String owner = username(victim);
    requestEnvironment(victim, "lured", 1);
    try (TopicProbe dlq = new TopicProbe("trainyard.dlq")) {
      publishAsItsService(
          io.trainyard.platform.kafka.EventIds.random(),
          new io.trainyard.contracts.environment.EnvironmentReady(
              owner,
              "lured",
              "http://attacker.example:8265",
              "http://attacker.example:8265/api/jobs/",
              1));
      var dead =
          dlq.await(
              r ->
                  (owner + "/lured").equals(r.key())
                      && "gateway-service".equals(TopicProbe.header(r, "trainyard_dlq_consumer")));
      assertThat(TopicProbe.header(dead, "trainyard_dlq_reason")).contains("loopback");
    }
    assertThat(
            json(as(victim)
                    .get()
                    .uri("/api/environments/lured")
                    .exchange()
                    .expectBody(String.class)
                    .returnResult()
                    .getResponseBody())
                .path("status")
                .asText())
        .isNotEqualTo("READY");
  }

  private boolean endsAfter(String token, Runnable end) throws Exception {
    var type = new ParameterizedTypeReference<ServerSentEvent<String>>() {};
    var ended =
        as(token)
            .get()
            .uri("/api/events")
            .accept(MediaType.TEXT_EVENT_STREAM)
            .exchange()
            .returnResult(type)
            .getResponseBody()
            .filter(e -> "ended".equals(e.event()))
            .next()
            .toFuture();
    Thread.sleep(500);
    end.run();
    return ended.orTimeout(30, TimeUnit.SECONDS).get() != null;
  }
}
