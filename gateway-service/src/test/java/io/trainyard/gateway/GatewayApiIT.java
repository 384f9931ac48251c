package io.trainyard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.contracts.job.Executor;
import io.trainyard.contracts.job.JobProgressed;
import io.trainyard.contracts.job.JobStarted;
import io.trainyard.contracts.joblog.JobLogsAppended;
import io.trainyard.contracts.tracking.ModelRegistered;
import io.trainyard.contracts.tracking.RunCreated;
import io.trainyard.platform.kafka.EventIds;
import io.trainyard.testsupport.KafkaBroker;
import io.trainyard.testsupport.MlflowServer;
import io.trainyard.testsupport.Postgres;
import io.trainyard.testsupport.RayHead;
import io.trainyard.testsupport.TopicProbe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.BodyInserters;
import reactor.core.publisher.Flux;

/** Every endpoint against the real broker, PostgreSQL and MLflow (behind the proxy). */
@ExtendWith({KafkaBroker.class, Postgres.class, MlflowServer.class})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayApiIT extends ApiTestBase {

  @Test
  void signupLoginMeAndLogoutWithBearerOrCookie() {
    String token = newUser("ada");
    String name = username(token);
    anonymous()
        .get()
        .uri("/api/me")
        .cookie("trainyard_session", token)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.role")
        .isEqualTo("user");

    as(token)
        .post()
        .uri("/api/auth/logout")
        .exchange()
        .expectStatus()
        .isNoContent()
        .expectHeader()
        .value(HttpHeaders.SET_COOKIE, c -> assertThat(c).contains("Max-Age=0"));
    as(token)
        .get()
        .uri("/api/me")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);

    String again = login(name, "password-" + name);
    assertThat(username(again)).isEqualTo(name);
  }

  @Test
  void signupAndLoginErrorsNameTheField() {
    anonymous()
        .post()
        .uri("/api/auth/signup")
        .bodyValue(Map.of("username", "No Spaces", "password", "x"))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.field")
        .isEqualTo("username")
        .jsonPath("$.errors[1].field")
        .isEqualTo("password");
    String token = newUser("taken");
    anonymous()
        .post()
        .uri("/api/auth/signup")
        .bodyValue(Map.of("username", username(token), "password", "another-password"))
        .exchange()
        .expectStatus()
        .isEqualTo(409)
        .expectBody()
        .jsonPath("$.field")
        .isEqualTo("username");
    anonymous()
        .post()
        .uri("/api/auth/login")
        .bodyValue(Map.of("username", username(token), "password", "wrong-password"))
        .exchange()
        .expectStatus()
        .isUnauthorized();
  }

  @Test
  void requestsWithoutAValidTokenAreRefused(
      @Autowired io.trainyard.gateway.config.GatewayProperties p) throws Exception {
    anonymous()
        .get()
        .uri("/api/jobs")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo(401);
    anonymous().get().uri("/api/events").exchange().expectStatus().isUnauthorized();

    String name = username(newUser("expired"));
    byte[] secret = p.auth().jwtSecret().getBytes(StandardCharsets.UTF_8);
    String expired =
        jwt(secret, name, Instant.now().minusSeconds(7200), Instant.now().minusSeconds(3600));
    as(expired)
        .get()
        .uri("/api/me")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectBody()
        .jsonPath("$.detail")
        .value(d -> assertThat((String) d).contains("expired"));

    byte[] other = "another-secret-another-secret-another-secret".getBytes(StandardCharsets.UTF_8);
    String forged = jwt(other, "admin", Instant.now(), Instant.now().plusSeconds(3600));
    as(forged).get().uri("/api/me").exchange().expectStatus().isUnauthorized();
    as("ty_not-a-token").get().uri("/api/me").exchange().expectStatus().isUnauthorized();
  }

  private static String jwt(byte[] secret, String user, Instant issued, Instant expires)
      throws Exception {
    var claims =
        new com.nimbusds.jwt.JWTClaimsSet.Builder()
            .issuer("trainyard")
            .subject(user)
            .claim("role", "admin")
            .jwtID("j-" + System.nanoTime())
            .issueTime(java.util.Date.from(issued))
            .expirationTime(java.util.Date.from(expires))
            .build();
    var jwt =
        new com.nimbusds.jwt.SignedJWT(
            new com.nimbusds.jose.JWSHeader(com.nimbusds.jose.JWSAlgorithm.HS256), claims);
    jwt.sign(new com.nimbusds.jose.crypto.MACSigner(secret));
    return jwt.serialize();
  }

  @Test
  void personalApiTokensWorkUntilDeleted() {
    String session = newUser("script");
    JsonNode created =
        json(
            as(session)
                .post()
                .uri("/api/tokens")
                .bodyValue(Map.of("name", "ci", "expiresInDays", 30))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
    String token = created.get("token").asText();
    assertThat(token).startsWith("ty_");

    assertThat(username(token)).isEqualTo(username(session));
    as(session)
        .get()
        .uri("/api/tokens")
        .exchange()
        .expectBody()
        .jsonPath("$[0].name")
        .isEqualTo("ci")
        .jsonPath("$[0].token")
        .doesNotExist();
    as(session)
        .delete()
        .uri("/api/tokens/" + created.get("id").asText())
        .exchange()
        .expectStatus()
        .isNoContent();
    as(token).get().uri("/api/me").exchange().expectStatus().isUnauthorized();
  }

  @Test
  void templatesComeWithTheirHyperparameterSchemas() {
    as(newUser("tpl"))
        .get()
        .uri("/api/templates")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$[?(@.id=='digits-mlp')].hyperparameters.properties.epochs.minimum")
        .exists();
  }

  @Test
  void environmentsAreCreatedListedAndDeletedByTheirOwnerOnly() throws Exception {
    String ada = newUser("envs");
    String bob = newUser("envs");
    as(ada)
        .post()
        .uri("/api/environments")
        .bodyValue(
            Map.of(
                "name",
                "Bad!",
                "workers",
                -1,
                "workerCpu",
                1,
                "workerMemoryGi",
                2,
                "gpusPerWorker",
                0))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.field")
        .isEqualTo("name")
        .jsonPath("$.errors[1].field")
        .isEqualTo("workers");
    as(ada)
        .post()
        .uri("/api/environments")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"name\":\"x\",\"workers\":\"two\"}")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.field")
        .isEqualTo("workers");

    try (TopicProbe probe = new TopicProbe("trainyard.environment-requests")) {
      readyEnvironment(ada, "default", 2, MlflowServer.current().url());
      var requested =
          probe.await(
              r ->
                  TopicProbe.value(r).contains("\"owner\":\"" + username(ada) + "\"")
                      && "io.trainyard.environment.requested.v1"
                          .equals(TopicProbe.header(r, "ce_type")));
      assertThat(TopicProbe.value(requested)).contains("\"workerMemoryGi\":2");

      as(ada)
          .get()
          .uri("/api/environments")
          .exchange()
          .expectBody()
          .jsonPath("$[0].name")
          .isEqualTo("default")
          .jsonPath("$[0].dashboardUrl")
          .isEqualTo("/api/environments/default/dashboard/");
      as(bob)
          .get()
          .uri("/api/environments/default")
          .exchange()
          .expectStatus()
          .isNotFound()
          .expectHeader()
          .contentType(MediaType.APPLICATION_PROBLEM_JSON);
      as(bob).delete().uri("/api/environments/default").exchange().expectStatus().isNotFound();

      as(ada).delete().uri("/api/environments/default").exchange().expectStatus().isAccepted();
      probe.await(
          r ->
              "io.trainyard.environment.delete-requested.v1".equals(TopicProbe.header(r, "ce_type"))
                  && TopicProbe.value(r).contains(username(ada)));
    }
  }

  @Test
  void anEnvironmentAnswersTheMomentItsRequestIsAccepted() {
    String ada = newUser("env-now");
    requestEnvironment(ada, "now", 1);
    as(ada)
        .get()
        .uri("/api/environments/now")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("REQUESTED");
  }

  @Test
  void theDashboardProxyReachesTheOwnersClusterAndTheMlflowProxyMlflow() {
    String ada = newUser("proxy");
    String bob = newUser("proxy");
    // The "dashboard" here is a real MLflow server: any HTTP upstream proves the forwarding.
    readyEnvironment(ada, "dash", 1, MlflowServer.current().url());

    as(ada)
        .get()
        .uri("/api/environments/dash/dashboard/health")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .isEqualTo("OK");
    as(ada)
        .get()
        .uri("/api/environments/dash/dashboard")
        .exchange()
        .expectStatus()
        .isPermanentRedirect();
    as(bob)
        .get()
        .uri("/api/environments/dash/dashboard/health")
        .exchange()
        .expectStatus()
        .isNotFound();
    anonymous()
        .get()
        .uri("/api/environments/dash/dashboard/health")
        .exchange()
        .expectStatus()
        .isUnauthorized();

    mlflowAccount(username(ada));
    as(ada).get().uri("/mlflow/health").exchange().expectStatus().isOk();
    as(ada)
        .get()
        .uri("/mlflow/ajax-api/2.0/mlflow/experiments/get?experiment_id=0")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.experiment.name")
        .isEqualTo("Default");
    // MLflow's WSGI handlers read no chunked body: the proxy keeps the request's length.
    as(ada)
        .post()
        .uri("/mlflow/ajax-api/2.0/mlflow/experiments/search")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"max_results\": 5}")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.experiments[0].name")
        .isEqualTo("Default");
    anonymous().get().uri("/mlflow/health").exchange().expectStatus().isUnauthorized();
  }

  @Test
  void theDashboardProxyCarriesTheClustersTokenWhichTheClusterRequiresOfEveryoneElse(
      @org.springframework.beans.factory.annotation.Value("${trainyard.ray.token-dir}") Path tokens)
      throws Exception {
    String ada = newUser("ray-proxy");
    try (RayHead head = RayHead.start(1)) {
      head.authorize(tokens, username(ada), "ray");
      readyEnvironment(ada, "ray", 1, head.dashboardUrl());

      as(ada)
          .get()
          .uri("/api/environments/ray/dashboard/api/version")
          .exchange()
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.ray_version")
          .isEqualTo("2.60.0");
      var http = java.net.http.HttpClient.newHttpClient();
      for (String path : List.of("/api/version", "/api/jobs/")) {
        var direct =
            http.send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(head.dashboardUrl() + path))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        assertThat(direct.statusCode()).as(path + " without the token").isEqualTo(401);
      }
    }
  }

  @Test
  void aTemplateJobIsPublishedWithTheOwnerFromTheTokenAndShownOnlyToItsOwner() {
    String ada = newUser("jobs");
    String bob = newUser("jobs");
    readyEnvironment(ada, "default", 2, "http://127.0.0.1:9");
    try (TopicProbe probe = new TopicProbe("trainyard.job-requests")) {
      String id =
          json(as(ada)
                  .post()
                  .uri("/api/jobs")
                  .contentType(MediaType.APPLICATION_JSON)
                  .bodyValue(
                      Map.of(
                          "environment",
                          "default",
                          "template",
                          "digits-mlp",
                          "workers",
                          2,
                          "owner",
                          "mallory",
                          "hyperparameters",
                          Map.of("epochs", 3)))
                  .exchange()
                  .expectStatus()
                  .isAccepted()
                  .expectHeader()
                  .value(HttpHeaders.LOCATION, l -> assertThat(l).startsWith("/api/jobs/"))
                  .expectBody(String.class)
                  .returnResult()
                  .getResponseBody())
              .get("id")
              .asText();

      var submitted = probe.await(TopicProbe.key(id));
      assertThat(TopicProbe.value(submitted))
          .contains("\"owner\":\"" + username(ada) + "\"")
          .doesNotContain("mallory");

      awaitJob(ada, id);
      as(ada)
          .get()
          .uri("/api/jobs/" + id)
          .exchange()
          .expectBody()
          .jsonPath("$.status")
          .isEqualTo("SUBMITTED")
          .jsonPath("$.workers")
          .isEqualTo(2)
          .jsonPath("$.hyperparameters.epochs")
          .isEqualTo(3);
      as(bob).get().uri("/api/jobs/" + id).exchange().expectStatus().isNotFound();
      as(bob).post().uri("/api/jobs/" + id + "/cancel").exchange().expectStatus().isNotFound();

      String owner = username(ada);
      publishAsItsService(EventIds.random(), new RunCreated(id, owner, "7", "run-1"));
      publishAsItsService(
          EventIds.random(), new JobStarted(id, owner, 1, Executor.RAY, id + "-1", "run-1"));
      publishAsItsService(
          EventIds.random(),
          new JobProgressed(id, owner, 1, 1, 3, 10, Map.of("loss", 0.5, "accuracy", 0.8)));
      publishAsItsService(
          EventIds.random(), new JobLogsAppended(id, owner, 1, 0, List.of("epoch 1", "loss 0.5")));
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  as(ada)
                      .get()
                      .uri("/api/jobs/" + id)
                      .exchange()
                      .expectBody()
                      .jsonPath("$.status")
                      .isEqualTo("RUNNING")
                      .jsonPath("$.attempt")
                      .isEqualTo(1)
                      .jsonPath("$.progress.percent")
                      .isEqualTo(33)
                      .jsonPath("$.metrics.accuracy")
                      .isEqualTo(0.8)
                      .jsonPath("$.mlflowRunId")
                      .isEqualTo("run-1")
                      .jsonPath("$.mlflowRunUrl")
                      .isEqualTo("/mlflow/#/experiments/7/runs/run-1")
                      .jsonPath("$.attempts[0].status")
                      .isEqualTo("RUNNING"));
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  as(ada)
                      .get()
                      .uri("/api/jobs/" + id + "/logs")
                      .exchange()
                      .expectBody()
                      .jsonPath("$.lines[1].text")
                      .isEqualTo("loss 0.5")
                      .jsonPath("$.next")
                      .isEqualTo("1:1"));

      as(ada).post().uri("/api/jobs/" + id + "/cancel").exchange().expectStatus().isAccepted();
      probe.await(
          r ->
              id.equals(r.key())
                  && "io.trainyard.job.cancel-requested.v1"
                      .equals(TopicProbe.header(r, "ce_type")));
    }
  }

  @Test
  void jobValidationNamesTheField() {
    String ada = newUser("invalid");
    readyEnvironment(ada, "small", 1, "http://127.0.0.1:9");
    as(ada)
        .post()
        .uri("/api/jobs")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            Map.of(
                "environment",
                "small",
                "template",
                "digits-mlp",
                "workers",
                1,
                "hyperparameters",
                Map.of("epochs", 0, "learningRate", "fast")))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.errors[*].field")
        .value(
            f ->
                assertThat(f.toString())
                    .contains("hyperparameters.epochs", "hyperparameters.learningRate"));
    as(ada)
        .post()
        .uri("/api/jobs")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("environment", "nowhere", "template", "digits-mlp", "workers", 1))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.field")
        .isEqualTo("environment");
    as(ada)
        .post()
        .uri("/api/jobs")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("environment", "small", "template", "digits-mlp", "workers", 2))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.field")
        .isEqualTo("workers");
    as(ada)
        .post()
        .uri("/api/jobs")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("environment", "small", "template", "resnet", "workers", 1))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.field")
        .isEqualTo("template");
    as(ada)
        .get()
        .uri("/api/jobs?status=done")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.field")
        .isEqualTo("status");
  }

  @Test
  void jobsAreListedNewestFirstByFilterAndCursor() {
    String ada = newUser("list");
    readyEnvironment(ada, "a", 2, "http://127.0.0.1:9");
    readyEnvironment(ada, "b", 2, "http://127.0.0.1:9");
    String first = submit(ada, "a");
    String second = submit(ada, "b");
    String third = submit(ada, "a");
    awaitJob(ada, first);
    awaitJob(ada, second);
    awaitJob(ada, third);

    JsonNode page =
        json(
            as(ada)
                .get()
                .uri("/api/jobs?limit=2")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
    assertThat(page.get("items").findValuesAsText("id")).containsExactly(third, second);
    JsonNode rest =
        json(
            as(ada)
                .get()
                .uri("/api/jobs?limit=2&cursor=" + page.get("nextCursor").asText())
                .exchange()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
    assertThat(rest.get("items").findValuesAsText("id")).containsExactly(first);
    as(ada)
        .get()
        .uri("/api/jobs?environment=a&status=submitted")
        .exchange()
        .expectBody()
        .jsonPath("$.items.length()")
        .isEqualTo(2);
  }

  @Test
  void repeatingASubmissionWithTheSameIdempotencyKeyIsTheSameJob() {
    String ada = newUser("idem");
    readyEnvironment(ada, "default", 1, "http://127.0.0.1:9");
    Map<String, Object> body =
        Map.of("environment", "default", "template", "digits-cnn", "workers", 1);
    String[] ids = new String[2];
    for (int i = 0; i < 2; i++) {
      ids[i] =
          json(as(ada)
                  .post()
                  .uri("/api/jobs")
                  .header("Idempotency-Key", "nightly-42")
                  .contentType(MediaType.APPLICATION_JSON)
                  .bodyValue(body)
                  .exchange()
                  .expectStatus()
                  .isAccepted()
                  .expectBody(String.class)
                  .returnResult()
                  .getResponseBody())
              .get("id")
              .asText();
    }
    assertThat(ids[1]).isEqualTo(ids[0]);
  }

  @Test
  void ownCodeIsStreamedIntoTheBlobStoreAndTooLargeFilesAreRefused(
      @Autowired io.trainyard.gateway.config.GatewayProperties p) throws Exception {
    String ada = newUser("upload");
    readyEnvironment(ada, "default", 1, "http://127.0.0.1:9");
    byte[] code =
        "def build_model(config, input_shape, outputs):\n    return None\n"
            .getBytes(StandardCharsets.UTF_8);
    MultipartBodyBuilder parts = new MultipartBodyBuilder();
    parts.part(
        "spec",
        "{\"environment\":\"default\",\"workers\":1," + "\"hyperparameters\":{\"epochs\":2}}");
    parts.part(
        "code",
        new org.springframework.core.io.ByteArrayResource(code) {
          @Override
          public String getFilename() {
            return "model.py";
          }
        });
    try (TopicProbe probe = new TopicProbe("trainyard.job-requests")) {
      String id =
          json(as(ada)
                  .post()
                  .uri("/api/jobs")
                  .body(BodyInserters.fromMultipartData(parts.build()))
                  .exchange()
                  .expectStatus()
                  .isAccepted()
                  .expectBody(String.class)
                  .returnResult()
                  .getResponseBody())
              .get("id")
              .asText();
      JsonNode event = json(TopicProbe.value(probe.await(TopicProbe.key(id))));
      JsonNode ref = event.get("code");
      Path stored = Path.of(java.net.URI.create(ref.get("uri").asText()));
      assertThat(stored).startsWith(p.uploads().root().toAbsolutePath().normalize());
      assertThat(Files.readAllBytes(stored)).isEqualTo(code);
      assertThat(ref.get("sha256").asText())
          .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(code)));
      assertThat(ref.get("sizeBytes").asLong()).isEqualTo(code.length);
      assertThat(event.has("template") && !event.get("template").isNull()).isFalse();
    }

    MultipartBodyBuilder big = new MultipartBodyBuilder();
    big.part("spec", "{\"environment\":\"default\",\"workers\":1}");
    big.part(
        "code",
        new org.springframework.core.io.ByteArrayResource(new byte[200_000]) {
          @Override
          public String getFilename() {
            return "model.py";
          }
        });
    as(ada)
        .post()
        .uri("/api/jobs")
        .body(BodyInserters.fromMultipartData(big.build()))
        .exchange()
        .expectStatus()
        .isEqualTo(413)
        .expectHeader()
        .valueEquals("Connection", "close")
        .expectBody()
        .jsonPath("$.field")
        .isEqualTo("code");
    // The refused upload's connection is not reused: the next request on this client answers.
    as(ada).get().uri("/api/environments/default").exchange().expectStatus().isOk();
  }

  @Test
  void theSpecPartIsReadAsAPlainFieldAJsonTypedFieldOrAFileAsBrowsersSendIt() {
    String ada = newUser("spec-part");
    readyEnvironment(ada, "default", 1, "http://127.0.0.1:9");
    String spec = "{\"environment\":\"default\",\"workers\":1}";
    MultipartBodyBuilder plain = ownCode();
    plain.part("spec", spec);
    MultipartBodyBuilder typed = ownCode();
    typed.part("spec", spec, MediaType.APPLICATION_JSON);
    MultipartBodyBuilder blob = ownCode();
    blob.part("spec", named(spec.getBytes(StandardCharsets.UTF_8), "blob"))
        .contentType(MediaType.APPLICATION_JSON);

    for (MultipartBodyBuilder parts : List.of(plain, typed, blob)) {
      as(ada)
          .post()
          .uri("/api/jobs")
          .body(BodyInserters.fromMultipartData(parts.build()))
          .exchange()
          .expectStatus()
          .isAccepted()
          .expectBody()
          .jsonPath("$.template")
          .isEqualTo("own-code");
    }
  }

  @Test
  void aNulCharacterInAHyperparameterIsRefusedNamingItAndNothingIsPublished() {
    String ada = newUser("nul");
    readyEnvironment(ada, "default", 1, "http://127.0.0.1:9");
    MultipartBodyBuilder parts = ownCode();
    parts.part(
        "spec",
        "{\"environment\":\"default\",\"workers\":1,\"hyperparameters\":{\"x\":\"\\u0000\"}}",
        MediaType.APPLICATION_JSON);

    as(ada)
        .post()
        .uri("/api/jobs")
        .body(BodyInserters.fromMultipartData(parts.build()))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.field")
        .isEqualTo("hyperparameters.x");
    as(ada)
        .get()
        .uri("/api/jobs")
        .exchange()
        .expectBody()
        .jsonPath("$.items.length()")
        .isEqualTo(0);
  }

  @Test
  void theUploadsOfAJobAreDeletedOnceItHasEndedForLongerThanTheRetention() throws Exception {
    String ada = newUser("retention");
    String owner = username(ada);
    readyEnvironment(ada, "default", 1, "http://127.0.0.1:9");
    String running = submitOwnCode(ada);
    String ended = submitOwnCode(ada);
    Path runningCode = uploadOf(running);
    Path endedCode = uploadOf(ended);

    publishAsItsService(
        EventIds.random(),
        new io.trainyard.contracts.job.JobFailed(ended, owner, 1, "gave up", false));

    await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(endedCode));
    assertThat(runningCode).as("a job that has not ended keeps its uploads").exists();
    as(ada)
        .get()
        .uri("/api/jobs/" + ended)
        .exchange()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("FAILED")
        .jsonPath("$.codeFile")
        .isEqualTo("model.py");
  }

  @Test
  void aRefusedSpecLeavesNoUploadedFileBehind(
      @Autowired io.trainyard.gateway.config.GatewayProperties p) throws Exception {
    String ada = newUser("bad-spec");
    String owner = username(ada);
    readyEnvironment(ada, "default", 1, "http://127.0.0.1:9");
    Path mine = p.uploads().root().toAbsolutePath().normalize().resolve(owner);
    MultipartBodyBuilder parts = ownCode();
    parts.part("spec", "{not json", MediaType.APPLICATION_JSON);

    as(ada)
        .post()
        .uri("/api/jobs")
        .body(BodyInserters.fromMultipartData(parts.build()))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.field")
        .isEqualTo("spec");

    try (var files =
        Files.exists(mine) ? Files.walk(mine) : java.util.stream.Stream.<Path>empty()) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void aJobAndItsStreamAnswerTheMomentItsSubmissionIsAccepted(
      @Autowired org.springframework.cloud.stream.binding.BindingsLifecycleController bindings) {
    String ada = newUser("prompt");
    readyEnvironment(ada, "default", 1, "http://127.0.0.1:9");
    // The read model stops following the topics: only what the 202 did can answer now.
    var stopped =
        org.springframework.cloud.stream.binding.BindingsLifecycleController.State.STOPPED;
    var started =
        org.springframework.cloud.stream.binding.BindingsLifecycleController.State.STARTED;
    List.of("onJobs-in-0", "onEnvironments-in-0", "onTracking-in-0", "onJobLogs-in-0")
        .forEach(b -> bindings.changeState(b, stopped));
    String id;
    Flux<ServerSentEvent<String>> stream;
    try {
      id = submit(ada, "default");
      as(ada)
          .get()
          .uri("/api/jobs/" + id)
          .exchange()
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.status")
          .isEqualTo("SUBMITTED");
      stream =
          as(ada)
              .get()
              .uri("/api/jobs/" + id + "/events")
              .accept(MediaType.TEXT_EVENT_STREAM)
              .exchange()
              .expectStatus()
              .isOk()
              .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
              .getResponseBody();
    } finally {
      List.of("onJobs-in-0", "onEnvironments-in-0", "onTracking-in-0", "onJobLogs-in-0")
          .forEach(b -> bindings.changeState(b, started));
    }
    ServerSentEvent<String> first =
        stream.filter(e -> e.id() != null).blockFirst(Duration.ofSeconds(60));
    assertThat(first.event()).isEqualTo("job.submitted");
    assertThat(json(first.data()).get("jobId").asText()).isEqualTo(id);
  }

  @Test
  void submissionsOverTheRateLimitAreAnsweredWithRetryAfter() {
    String ada = newUser("busy");
    readyEnvironment(ada, "default", 1, "http://127.0.0.1:9");
    int limited = 0;
    for (int i = 0; i < 40 && limited == 0; i++) {
      var result =
          as(ada)
              .post()
              .uri("/api/jobs")
              .contentType(MediaType.APPLICATION_JSON)
              .bodyValue(Map.of("environment", "default", "template", "digits-mlp", "workers", 1))
              .exchange()
              .returnResult(String.class);
      if (result.getStatus().value() == 429) {
        limited++;
        assertThat(result.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotNull();
        assertThat(result.getResponseHeaders().getContentType())
            .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
      }
    }
    assertThat(limited).isEqualTo(1);
  }

  @Test
  void jobEventsStreamResumesAfterLastEventIdWithoutLossOrRepeat() {
    String ada = newUser("sse");
    readyEnvironment(ada, "default", 1, "http://127.0.0.1:9");
    String id = submit(ada, "default");
    awaitJob(ada, id);
    String owner = username(ada);
    for (int epoch = 1; epoch <= 2; epoch++) {
      publishAsItsService(
          EventIds.random(),
          new JobProgressed(id, owner, 1, epoch, 6, epoch * 10, Map.of("loss", 1.0 / epoch)));
    }
    var type = new ParameterizedTypeReference<ServerSentEvent<String>>() {};
    List<ServerSentEvent<String>> head =
        as(ada)
            .get()
            .uri("/api/jobs/" + id + "/events")
            .accept(MediaType.TEXT_EVENT_STREAM)
            .exchange()
            .expectStatus()
            .isOk()
            .returnResult(type)
            .getResponseBody()
            .filter(e -> e.id() != null)
            .take(3)
            .collectList()
            .block(Duration.ofSeconds(60));
    assertThat(head)
        .extracting(ServerSentEvent::event)
        .containsExactly("job.submitted", "job.progressed", "job.progressed");

    for (int epoch = 3; epoch <= 6; epoch++) {
      publishAsItsService(
          EventIds.random(),
          new JobProgressed(id, owner, 1, epoch, 6, epoch * 10, Map.of("loss", 1.0 / epoch)));
    }
    List<ServerSentEvent<String>> rest =
        as(ada)
            .get()
            .uri("/api/jobs/" + id + "/events")
            .header("Last-Event-ID", head.get(2).id())
            .accept(MediaType.TEXT_EVENT_STREAM)
            .exchange()
            .returnResult(type)
            .getResponseBody()
            .filter(e -> e.id() != null)
            .take(4)
            .collectList()
            .block(Duration.ofSeconds(60));
    assertThat(rest)
        .extracting(e -> json(e.data()).get("epoch").asInt())
        .containsExactly(3, 4, 5, 6);
    assertThat(Long.parseLong(rest.get(0).id())).isGreaterThan(Long.parseLong(head.get(2).id()));

    as(newUser("sse"))
        .get()
        .uri("/api/jobs/" + id + "/events")
        .exchange()
        .expectStatus()
        .isNotFound();
  }

  @Test
  void theUsersStreamCarriesLiveEventsOfTheirOwnOnlyWithHeartbeats() {
    String ada = newUser("live");
    String bob = newUser("live");
    var type = new ParameterizedTypeReference<ServerSentEvent<String>>() {};
    var stream =
        as(ada)
            .get()
            .uri("/api/events")
            .accept(MediaType.TEXT_EVENT_STREAM)
            .exchange()
            .returnResult(type)
            .getResponseBody();
    var received =
        stream
            .filter(e -> e.id() != null || "heartbeat".equals(e.comment()))
            .take(3)
            .collectList()
            .toFuture();
    as(bob)
        .post()
        .uri("/api/environments")
        .bodyValue(
            Map.of(
                "name",
                "bobs",
                "workers",
                1,
                "workerCpu",
                1,
                "workerMemoryGi",
                1,
                "gpusPerWorker",
                0))
        .exchange();
    as(ada)
        .post()
        .uri("/api/environments")
        .bodyValue(
            Map.of(
                "name",
                "adas",
                "workers",
                1,
                "workerCpu",
                1,
                "workerMemoryGi",
                1,
                "gpusPerWorker",
                0))
        .exchange();
    List<ServerSentEvent<String>> events =
        received.orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
    assertThat(events).anySatisfy(e -> assertThat(e.comment()).isEqualTo("heartbeat"));
    assertThat(events.stream().filter(e -> e.id() != null))
        .allSatisfy(
            e -> {
              assertThat(e.event()).isEqualTo("environment.requested");
              assertThat(e.data()).contains("\"adas\"").doesNotContain("bobs");
            });
  }

  @Test
  void modelsAreListedForTheirOwnerAndPredictionsNeedTheTrackingService() {
    String ada = newUser("models");
    String bob = newUser("models");
    readyEnvironment(ada, "default", 1, "http://127.0.0.1:9");
    String id = submit(ada, "default");
    awaitJob(ada, id);
    String owner = username(ada);
    String name = owner + "-digits-mlp";
    publishAsItsService(
        EventIds.random(), new ModelRegistered(id, owner, name, 1, List.of("champion")));
    publishAsItsService(
        EventIds.random(), new ModelRegistered(id, owner, name, 2, List.of("champion")));
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                as(ada)
                    .get()
                    .uri("/api/models")
                    .exchange()
                    .expectBody()
                    .jsonPath("$[0].name")
                    .isEqualTo(name)
                    .jsonPath("$[0].latestVersion")
                    .isEqualTo(2)
                    .jsonPath("$[0].aliases.champion")
                    .isEqualTo(2));
    as(ada)
        .get()
        .uri("/api/models/" + name + "/versions")
        .exchange()
        .expectBody()
        .jsonPath("$[0].version")
        .isEqualTo(2)
        .jsonPath("$[1].aliases.length()")
        .isEqualTo(0)
        .jsonPath("$[0].template")
        .isEqualTo("digits-mlp");
    as(ada)
        .get()
        .uri("/api/jobs/" + id)
        .exchange()
        .expectBody()
        .jsonPath("$.model.version")
        .isEqualTo(2);

    as(bob).get().uri("/api/models/" + name + "/versions").exchange().expectStatus().isNotFound();
    as(bob)
        .post()
        .uri("/api/models/" + name + "/versions/2/predict")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"inputs\":[[0]]}")
        .exchange()
        .expectStatus()
        .isNotFound();
    as(ada)
        .post()
        .uri("/api/models/" + name + "/versions/@champion/predict")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"inputs\":[[0]]}")
        .exchange()
        .expectStatus()
        .isEqualTo(503)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void theApiIsDescribedByOpenApiAndTheUiIsServed() {
    anonymous()
        .get()
        .uri("/v3/api-docs")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.openapi")
        .value(v -> assertThat((String) v).startsWith("3."))
        .jsonPath("$.paths['/api/jobs'].post")
        .exists()
        .jsonPath("$.paths['/api/jobs/{id}/events'].get")
        .exists();
    anonymous().get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
    anonymous().get().uri("/").exchange().expectStatus().isOk();
    for (String page : List.of("/", "/jobs/0d1f", "/models/ada-digits-mlp")) {
      anonymous()
          .get()
          .uri(page)
          .accept(MediaType.TEXT_HTML)
          .exchange()
          .expectStatus()
          .isOk()
          .expectBody(String.class)
          .value(html -> assertThat(html).contains("<div id=\"root\">"));
    }
    anonymous()
        .get()
        .uri("/api/nothing-here")
        .accept(MediaType.TEXT_HTML)
        .exchange()
        .expectStatus()
        .isUnauthorized();
    anonymous().get().uri("/assets/missing.js").exchange().expectStatus().isNotFound();
  }

  /**
   * The UI's API types are generated from ui/openapi.json at build time; this keeps that file the
   * document the gateway serves, so the UI cannot drift from the API.
   */
  @Test
  void theUiIsBuiltFromTheOpenApiDocumentTheGatewayServes() throws Exception {
    String served =
        anonymous()
            .get()
            .uri("/v3/api-docs")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    String live = OpenApiDocument.normalized(served);
    Path built = Path.of("target/openapi.json");
    Files.writeString(built, live);
    Path committed = io.trainyard.testsupport.PythonEnv.repositoryRoot().resolve("ui/openapi.json");
    if (Boolean.getBoolean("trainyard.openapi.write")) {
      Files.writeString(committed, live);
    }
    assertThat(Files.exists(committed) ? Files.readString(committed) : "")
        .as(
            "ui/openapi.json must be the document the gateway serves: copy %s over it"
                + " (or run ./trainyard openapi) and rebuild the UI",
            built.toAbsolutePath())
        .isEqualTo(live);
  }

  @Test
  void onlyAdminsRebuildTheReadModel() {
    as(newUser("nope"))
        .post()
        .uri("/api/admin/read-model/rebuild")
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
  }
}
