package io.trainyard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.contracts.job.FileRef;
import io.trainyard.contracts.job.JobCancelled;
import io.trainyard.contracts.job.JobFailed;
import io.trainyard.contracts.job.JobPaused;
import io.trainyard.contracts.job.JobProgressed;
import io.trainyard.contracts.job.JobResumed;
import io.trainyard.contracts.job.JobSubmitted;
import io.trainyard.contracts.job.JobSucceeded;
import io.trainyard.contracts.job.Resources;
import io.trainyard.contracts.sweep.SweepCompleted;
import io.trainyard.contracts.sweep.TrialPromoted;
import io.trainyard.contracts.sweep.TrialStarted;
import io.trainyard.contracts.sweep.TrialStopped;
import io.trainyard.contracts.tracking.SweepRunCreated;
import io.trainyard.platform.kafka.EventIds;
import io.trainyard.testsupport.TopicProbe;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.BodyInserters;

/** Sweeps through the API; the tests play job-service, which runs the trials. */
class SweepsIT extends ApiTestBase {

  private static Map<String, Object> sweep(Map<String, Object> space, int maxConcurrent) {
    return Map.of(
        "environment",
        "default",
        "template",
        "digits-mlp",
        "workers",
        1,
        "hyperparameters",
        Map.of("epochs", 9),
        "space",
        space,
        "method",
        "random",
        "trials",
        2,
        "seed",
        7,
        "maxConcurrent",
        maxConcurrent,
        "earlyStopping",
        Map.of("asha", Map.of("minEpochs", 1, "reductionFactor", 3)));
  }

  private static final Map<String, Object> SPACE =
      Map.of("learningRate", Map.of("logUniform", List.of(0.0001, 0.1)));

  @Test
  void aWrongSweepIsRefusedNamingEachFieldAndNothingIsPublished() {
    String ada = newUser("sweeps");
    readyEnvironment(ada, "default", 2, "http://127.0.0.1:9");
    try (TopicProbe requests = new TopicProbe("trainyard.job-requests")) {
      String body =
          as(ada)
              .post()
              .uri("/api/sweeps")
              .contentType(MediaType.APPLICATION_JSON)
              .bodyValue(
                  sweep(
                      Map.of(
                          "depth", Map.of("int", List.of(1, 4)),
                          "learningRate", Map.of("uniform", List.of(0.5, 3)),
                          "hidden", Map.of("normal", List.of(1, 2))),
                      3))
              .exchange()
              .expectStatus()
              .isBadRequest()
              .expectHeader()
              .contentType(MediaType.APPLICATION_PROBLEM_JSON)
              .expectBody(String.class)
              .returnResult()
              .getResponseBody();
      JsonNode problem = json(body);
      assertThat(problem.path("errors").findValuesAsText("field"))
          .as(body)
          .contains("space.depth", "space.learningRate", "space.hidden", "maxConcurrent");
      assertThat(body).contains("environment 'default' has 2");
      String owner = "\"owner\":\"" + username(ada) + "\"";
      assertThat(requests.seen()).noneMatch(r -> TopicProbe.value(r).contains(owner));
    }
  }

  @Test
  void aSweepShowsItsTrialsAsJobsWithRungMetricAndBestAndStreamsTheirEvents() {
    String ada = newUser("sweeps");
    String bob = newUser("sweeps");
    readyEnvironment(ada, "default", 2, "http://127.0.0.1:9");
    String owner = username(ada);
    JsonNode accepted =
        json(
            as(ada)
                .post()
                .uri("/api/sweeps")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(sweep(SPACE, 2))
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
    String id = accepted.path("id").asText();
    assertThat(accepted.path("status").asText()).isEqualTo("SUBMITTED");
    assertThat(accepted.path("metric").asText()).as("the template's").isEqualTo("accuracy");
    assertThat(accepted.path("plannedTrials").asInt()).isEqualTo(2);

    // tracking-service's part: the sweep's parent run.
    publishAsItsService(EventIds.random(), new SweepRunCreated(id, owner, "7", "parent-1"));
    // job-service's part: the trials as jobs of the sweep, one stopped early at the first rung.
    for (int t = 1; t <= 2; t++) {
      String job = id + "-t" + t;
      Map<String, Object> hp = Map.of("epochs", 9, "learningRate", t == 1 ? 0.01 : 0.0001);
      publishAsItsService(EventIds.random(), new TrialStarted(id, owner, t, job, hp));
      publishAsItsService(
          EventIds.random(),
          new JobSubmitted(
              job,
              owner,
              "default",
              "digits-mlp",
              null,
              null,
              hp,
              1,
              new Resources(1, 2, 0),
              null,
              id));
    }
    // Each pauses at the first rung; the weak one is stopped there, the other promoted.
    publishAsItsService(
        EventIds.random(),
        new JobProgressed(id + "-t1", owner, 1, 1, 9, 10, Map.of("accuracy", 0.9, "loss", 0.3)));
    publishAsItsService(
        EventIds.random(), new JobPaused(id + "-t1", owner, 1, 1, 9, "paused after epoch 1 of 9"));
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              JsonNode t1 = get(ada, "/api/sweeps/" + id).path("trialList").get(0);
              assertThat(t1.path("status").asText()).isEqualTo("PAUSED");
              assertThat(t1.path("rung").asInt()).isEqualTo(1);
              assertThat(t1.path("reason").asText()).isEqualTo("paused after epoch 1 of 9");
            });
    publishAsItsService(
        EventIds.random(),
        new JobProgressed(id + "-t2", owner, 1, 1, 9, 10, Map.of("accuracy", 0.2, "loss", 2.0)));
    publishAsItsService(
        EventIds.random(), new JobPaused(id + "-t2", owner, 1, 1, 9, "paused after epoch 1 of 9"));
    String reason = "stopped early at epoch 1: accuracy 0.2, rung cut 0.9";
    publishAsItsService(
        EventIds.random(), new TrialStopped(id, owner, 2, id + "-t2", 1, 0.2, reason));
    publishAsItsService(EventIds.random(), new JobCancelled(id + "-t2", owner, 1, reason));
    String promoted = "promoted at epoch 1: accuracy 0.9, rank 1 of 2, in the top 1/3";
    publishAsItsService(
        EventIds.random(), new TrialPromoted(id, owner, 1, id + "-t1", 1, 0.9, 3, promoted));
    publishAsItsService(EventIds.random(), new JobResumed(id + "-t1", owner, 2, 3, promoted));
    publishAsItsService(
        EventIds.random(),
        new JobProgressed(id + "-t1", owner, 2, 3, 9, 30, Map.of("accuracy", 0.95)));

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              JsonNode s = get(ada, "/api/sweeps/" + id);
              assertThat(s.path("status").asText()).isEqualTo("RUNNING");
              JsonNode trials = s.path("trialList");
              assertThat(trials).hasSize(2);
              assertThat(trials.get(0).path("status").asText()).isEqualTo("RUNNING");
              assertThat(trials.get(0).path("rung").asInt()).isEqualTo(3);
              assertThat(trials.get(0).path("metric").asDouble()).isEqualTo(0.95);
              assertThat(trials.get(1).path("status").asText()).isEqualTo("STOPPED");
              assertThat(trials.get(1).path("rung").asInt()).isEqualTo(1);
              assertThat(trials.get(1).path("reason").asText()).isEqualTo(reason);
              assertThat(s.path("best").path("jobId").asText()).isEqualTo(id + "-t1");
              assertThat(s.path("best").path("settled").asBoolean()).isFalse();
              assertThat(s.path("mlflowParentRunUrl").asText())
                  .isEqualTo("/mlflow/#/experiments/7/runs/parent-1");
            });
    assertThat(get(ada, "/api/jobs?sweep=" + id).path("items").findValuesAsText("sweep"))
        .containsExactly(id, id);
    as(bob).get().uri("/api/sweeps/" + id).exchange().expectStatus().isNotFound();
    as(bob).post().uri("/api/sweeps/" + id + "/cancel").exchange().expectStatus().isNotFound();
    as(bob).get().uri("/api/sweeps/" + id + "/events").exchange().expectStatus().isNotFound();
    assertThat(get(bob, "/api/sweeps").path("items")).isEmpty();

    publishAsItsService(
        EventIds.random(),
        new JobSucceeded(id + "-t1", owner, 1, Map.of("accuracy", 0.97), "runs:/r/model"));
    publishAsItsService(
        EventIds.random(),
        new SweepCompleted(
            id,
            owner,
            SweepCompleted.SUCCEEDED,
            null,
            1,
            id + "-t1",
            0.97,
            Map.of("epochs", 9, "learningRate", 0.01)));
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              JsonNode s = get(ada, "/api/sweeps/" + id);
              assertThat(s.path("status").asText()).isEqualTo("SUCCEEDED");
              assertThat(s.path("best").path("metric").asDouble()).isEqualTo(0.97);
              assertThat(s.path("best").path("settled").asBoolean()).isTrue();
            });
    assertThat(get(ada, "/api/sweeps").path("items").findValuesAsText("id")).contains(id);
    as(ada).post().uri("/api/sweeps/" + id + "/cancel").exchange().expectStatus().isEqualTo(409);

    var type = new ParameterizedTypeReference<ServerSentEvent<String>>() {};
    List<ServerSentEvent<String>> events =
        as(ada)
            .get()
            .uri("/api/sweeps/" + id + "/events")
            .accept(MediaType.TEXT_EVENT_STREAM)
            .exchange()
            .expectStatus()
            .isOk()
            .returnResult(type)
            .getResponseBody()
            .filter(e -> e.id() != null)
            .takeUntil(e -> "sweep.completed".equals(e.event()))
            .collectList()
            .block(Duration.ofSeconds(60));
    assertThat(events)
        .extracting(ServerSentEvent::event)
        .startsWith("sweep.requested")
        .contains(
            "tracking.sweep-run-created",
            "sweep.trial-started",
            "job.submitted",
            "job.progressed",
            "job.paused",
            "sweep.trial-stopped",
            "sweep.trial-promoted",
            "job.resumed",
            "job.cancelled",
            "job.succeeded")
        .endsWith("sweep.completed");
    List<ServerSentEvent<String>> resumed =
        as(ada)
            .get()
            .uri("/api/sweeps/" + id + "/events")
            .header("Last-Event-ID", events.get(events.size() - 2).id())
            .accept(MediaType.TEXT_EVENT_STREAM)
            .exchange()
            .returnResult(type)
            .getResponseBody()
            .filter(e -> e.id() != null)
            .take(1)
            .collectList()
            .block(Duration.ofSeconds(60));
    assertThat(resumed).extracting(ServerSentEvent::event).containsExactly("sweep.completed");
  }

  @Test
  void cancellingARunningSweepAsksJobServiceAndShowsCancelling() {
    String ada = newUser("sweeps");
    readyEnvironment(ada, "default", 2, "http://127.0.0.1:9");
    String id =
        json(as(ada)
                .post()
                .uri("/api/sweeps")
                .header("Idempotency-Key", "one")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(sweep(SPACE, 1))
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody())
            .path("id")
            .asText();
    try (TopicProbe requests = new TopicProbe("trainyard.job-requests")) {
      as(ada).post().uri("/api/sweeps/" + id + "/cancel").exchange().expectStatus().isAccepted();
      var cancel =
          requests.await(
              r ->
                  id.equals(r.key())
                      && "io.trainyard.sweep.cancel-requested.v1"
                          .equals(TopicProbe.header(r, "ce_type")));
      assertThat(TopicProbe.value(cancel)).contains("\"owner\":\"" + username(ada) + "\"");
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(get(ada, "/api/sweeps/" + id).path("status").asText())
                    .isEqualTo("CANCELLING"));
  }

  @Test
  void aSweepOfOwnCodeRunsTheUploadWhoseFilesOutliveEachTrialUntilTheSweepEnds() throws Exception {
    String ada = newUser("sweeps");
    String owner = username(ada);
    readyEnvironment(ada, "default", 2, "http://127.0.0.1:9");
    String spec =
        "{\"environment\":\"default\",\"workers\":1,\"method\":\"grid\",\"maxConcurrent\":1,"
            + "\"space\":{\"lr\":{\"choice\":[0.1,0.01]}}%s}";
    as(ada)
        .post()
        .uri("/api/sweeps")
        .body(BodyInserters.fromMultipartData(ownCode(String.format(spec, "")).build()))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("metric");

    String id;
    Path code;
    try (TopicProbe requests = new TopicProbe("trainyard.job-requests")) {
      id =
          json(as(ada)
                  .post()
                  .uri("/api/sweeps")
                  .body(
                      BodyInserters.fromMultipartData(
                          ownCode(String.format(spec, ",\"metric\":\"r2\"")).build()))
                  .exchange()
                  .expectStatus()
                  .isAccepted()
                  .expectBody(String.class)
                  .returnResult()
                  .getResponseBody())
              .path("id")
              .asText();
      JsonNode event = json(TopicProbe.value(requests.await(TopicProbe.key(id))));
      assertThat(event.has("template")).as(event.toString()).isFalse();
      assertThat(event.path("direction").asText()).isEqualTo("max");
      code = Path.of(URI.create(event.path("code").path("uri").asText()));
    }
    assertThat(code).exists();
    assertThat(get(ada, "/api/sweeps/" + id).path("plannedTrials").asInt()).isEqualTo(2);

    // job-service's part: the first trial, on the sweep's code, fails; the sweep goes on.
    String trial = id + "-t1";
    FileRef ref =
        new FileRef(code.toUri().toString(), "model.py", Files.size(code), "not-checked-here");
    publishAsItsService(
        EventIds.random(), new TrialStarted(id, owner, 1, trial, Map.of("lr", 0.1)));
    publishAsItsService(
        EventIds.random(),
        new JobSubmitted(
            trial,
            owner,
            "default",
            null,
            ref,
            null,
            Map.of("lr", 0.1),
            1,
            new Resources(1, 2, 0),
            null,
            id));
    publishAsItsService(EventIds.random(), new JobFailed(trial, owner, 1, "diverged", false));
    // a job of its own that ended as long ago has its uploads deleted: retention has looked
    String alone = submitOwnCode(ada);
    publishAsItsService(EventIds.random(), new JobFailed(alone, owner, 1, "gave up", false));
    Path aloneCode = uploadOf(alone);
    await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(aloneCode));
    assertThat(code).as("the next trial needs it").exists();

    publishAsItsService(
        EventIds.random(),
        new SweepCompleted(
            id, owner, SweepCompleted.FAILED, "every trial failed", null, null, null, Map.of()));
    await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(code));
  }

  private static org.springframework.http.client.MultipartBodyBuilder ownCode(String spec) {
    var parts = ownCode();
    parts.part("spec", spec);
    return parts;
  }

  private JsonNode get(String token, String uri) {
    return json(
        as(token)
            .get()
            .uri(uri)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody());
  }
}
