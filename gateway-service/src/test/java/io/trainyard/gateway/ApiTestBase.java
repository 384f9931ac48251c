package io.trainyard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.contracts.codec.CloudEventCodec;
import io.trainyard.contracts.environment.EnvironmentReady;
import io.trainyard.platform.kafka.EventIds;
import io.trainyard.platform.kafka.EventPublisher;
import io.trainyard.testsupport.KafkaBroker;
import io.trainyard.testsupport.MlflowServer;
import io.trainyard.testsupport.Postgres;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Signs users up, makes environments ready and submits jobs through the real API. */
@ExtendWith({KafkaBroker.class, Postgres.class, MlflowServer.class})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class ApiTestBase {

  private static final AtomicInteger USERS = new AtomicInteger();

  @org.junit.jupiter.api.BeforeAll
  static void ownersTakeRequests() {
    OwnersTakeRequests.start();
  }

  @LocalServerPort int port;
  @Autowired EventPublisher publisher;

  /**
   * Each request on a connection of its own: tests refuse requests mid-body (401, 413) and cancel
   * streams, and a pooled connection left in such a state once held a later test's request for the
   * 30 s timeout.
   */
  WebTestClient anonymous() {
    return WebTestClient.bindToServer(
            new org.springframework.http.client.reactive.ReactorClientHttpConnector(
                reactor.netty.http.client.HttpClient.newConnection()))
        .baseUrl("http://localhost:" + port)
        .responseTimeout(Duration.ofSeconds(30))
        .build();
  }

  WebTestClient as(String token) {
    return anonymous().mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token).build();
  }

  /** Signs a new user up and logs in; returns the session token. */
  String newUser(String prefix) {
    String name = prefix + "-" + USERS.incrementAndGet();
    anonymous()
        .post()
        .uri("/api/auth/signup")
        .bodyValue(Map.of("username", name, "password", "password-" + name))
        .exchange()
        .expectStatus()
        .isCreated();
    return login(name, "password-" + name);
  }

  /** The user's MLflow account, made as tracking-service makes it when they sign up. */
  static void mlflowAccount(String user) {
    try {
      String password =
          new io.trainyard.platform.mlflow.MlflowAccounts(
                  MlflowServer.current()
                      .userSecret()
                      .getBytes(java.nio.charset.StandardCharsets.UTF_8))
              .password(user);
      var response =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create(
                              MlflowServer.current().url() + "/api/2.0/mlflow/users/create"))
                      .header("authorization", MlflowServer.current().adminAuthorization())
                      .header("content-type", "application/json")
                      .POST(
                          java.net.http.HttpRequest.BodyPublishers.ofString(
                              "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}"))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    } catch (java.io.IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  String login(String name, String password) {
    JsonNode session =
        json(
            anonymous()
                .post()
                .uri("/api/auth/login")
                .bodyValue(Map.of("username", name, "password", password))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .value(
                    HttpHeaders.SET_COOKIE,
                    c ->
                        assertThat(c).contains("trainyard_session=", "HttpOnly", "SameSite=Strict"))
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
    return session.get("token").asText();
  }

  static JsonNode json(String body) {
    try {
      return CloudEventCodec.mapper().readTree(body);
    } catch (Exception e) {
      throw new AssertionError(body, e);
    }
  }

  String username(String token) {
    return json(as(token)
            .get()
            .uri("/api/me")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody())
        .get("username")
        .asText();
  }

  /**
   * An event as the service that owns its topic publishes it (the tests play those services): the
   * gateway's own principal may not write them.
   */
  void publishAsItsService(String eventId, io.trainyard.contracts.TrainyardEvent event) {
    var config = new java.util.HashMap<>(KafkaBroker.adminClient());
    config.put("acks", "all");
    try (var producer =
        new org.apache.kafka.clients.producer.KafkaProducer<>(
            config,
            new org.apache.kafka.common.serialization.StringSerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      producer
          .send(publisher.record(eventId, event))
          .get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot publish " + eventId, e);
    }
  }

  /** Asks for an environment through the API, as a user does. */
  void requestEnvironment(String token, String name, int workers) {
    as(token)
        .post()
        .uri("/api/environments")
        .bodyValue(
            Map.of(
                "name",
                name,
                "workers",
                workers,
                "workerCpu",
                1,
                "workerMemoryGi",
                2,
                "gpusPerWorker",
                0))
        .exchange()
        .expectStatus()
        .isAccepted();
  }

  /**
   * An environment the way environment-service reports it: requested through the API, then ready.
   */
  void readyEnvironment(String token, String name, int workers, String dashboardUrl) {
    requestEnvironment(token, name, workers);
    String owner = username(token);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                as(token).get().uri("/api/environments/" + name).exchange().expectStatus().isOk());
    publishAsItsService(
        EventIds.random(),
        new EnvironmentReady(
            owner,
            name,
            dashboardUrl,
            io.trainyard.contracts.environment.ClusterEndpoints.jobsApiUrl(dashboardUrl),
            workers));
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                as(token)
                    .get()
                    .uri("/api/environments/" + name)
                    .exchange()
                    .expectBody()
                    .jsonPath("$.status")
                    .isEqualTo("READY"));
  }

  String submit(String token, String environment) {
    return json(as(token)
            .post()
            .uri("/api/jobs")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(
                Map.of(
                    "environment",
                    environment,
                    "template",
                    "digits-mlp",
                    "workers",
                    1,
                    "hyperparameters",
                    Map.of("epochs", 3)))
            .exchange()
            .expectStatus()
            .isAccepted()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody())
        .get("id")
        .asText();
  }

  void awaitJob(String token, String id) {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> as(token).get().uri("/api/jobs/" + id).exchange().expectStatus().isOk());
  }

  /** Submits own code (a model.py) as a job and waits for the gateway to show it. */
  String submitOwnCode(String token) {
    var parts = ownCode();
    parts.part("spec", "{\"environment\":\"default\",\"workers\":1}");
    String id =
        json(as(token)
                .post()
                .uri("/api/jobs")
                .body(
                    org.springframework.web.reactive.function.BodyInserters.fromMultipartData(
                        parts.build()))
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody())
            .get("id")
            .asText();
    awaitJob(token, id);
    return id;
  }

  /** Where the job's code lies, as its submission event says. */
  static java.nio.file.Path uploadOf(String id) {
    try (var probe = new io.trainyard.testsupport.TopicProbe("trainyard.job-requests")) {
      JsonNode event =
          json(
              io.trainyard.testsupport.TopicProbe.value(
                  probe.await(io.trainyard.testsupport.TopicProbe.key(id))));
      return java.nio.file.Path.of(java.net.URI.create(event.get("code").get("uri").asText()));
    }
  }

  static org.springframework.http.client.MultipartBodyBuilder ownCode() {
    var parts = new org.springframework.http.client.MultipartBodyBuilder();
    parts.part(
        "code",
        named(
            "def build_model(config, input_shape, outputs):\n    return None\n"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8),
            "model.py"));
    return parts;
  }

  static org.springframework.core.io.ByteArrayResource named(byte[] bytes, String name) {
    return new org.springframework.core.io.ByteArrayResource(bytes) {
      @Override
      public String getFilename() {
        return name;
      }
    };
  }
}
