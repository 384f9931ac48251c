package io.trainyard.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.platform.mlflow.MlflowAccounts;
import io.trainyard.testsupport.KafkaBroker;
import io.trainyard.testsupport.MlflowServer;
import io.trainyard.testsupport.PythonEnv;
import io.trainyard.testsupport.TopicProbe;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Jobs through their whole life against a real MLflow server: the test plays the training runtime
 * (a Python script logs a real TorchScript model into the run) and job-service (it sends the job
 * events); tracking-service does the rest.
 */
@ExtendWith({KafkaBroker.class, MlflowServer.class})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ModelLifecycleIT {

  static TopicProbe tracking;
  final HttpClient http = HttpClient.newHttpClient();
  final ObjectMapper json = new ObjectMapper();
  @LocalServerPort int port;

  @org.springframework.beans.factory.annotation.Value("${trainyard.tracking.djl-work-dir}")
  Path djlWorkDir;

  @BeforeAll
  static void follow() {
    tracking = new TopicProbe("trainyard.tracking");
  }

  @AfterAll
  static void close() {
    tracking.close();
  }

  static void send(String jobId, String id, String type, String data) {
    TopicProbe.send(
        "trainyard.jobs",
        jobId,
        Map.of(
            "content-type",
            "application/json",
            "ce_specversion",
            "1.0",
            "ce_id",
            id,
            "ce_source",
            "/test",
            "ce_type",
            "io.trainyard.job." + type + ".v1",
            "ce_time",
            Instant.now().toString()),
        data.getBytes(StandardCharsets.UTF_8));
  }

  static void submitted(String jobId) {
    submitted(jobId, "ada");
  }

  static void submitted(String jobId, String owner) {
    send(
        jobId,
        jobId + "-submitted",
        "submitted",
        """
        {"jobId":"%s","owner":"%s","environment":"default","template":"digits-mlp",
         "hyperparameters":{"epochs":3,"learningRate":0.01},"workers":2,
         "resources":{"cpuPerWorker":1,"memoryGiPerWorker":2,"gpusPerWorker":0}}"""
            .formatted(jobId, owner));
  }

  static void progressed(String jobId, int epoch, double loss, double accuracy) {
    send(
        jobId,
        jobId + "-progress-" + epoch,
        "progressed",
        ("{\"jobId\":\"%s\",\"owner\":\"ada\",\"attempt\":1,\"epoch\":%d,\"epochs\":3,\"step\":%d,"
                + "\"metrics\":{\"loss\":%s,\"accuracy\":%s}}")
            .formatted(jobId, epoch, epoch * 10, loss, accuracy));
  }

  static void succeeded(String jobId, double accuracy) {
    succeeded(jobId, "ada", accuracy);
  }

  static void succeeded(String jobId, String owner, double accuracy) {
    send(
        jobId,
        jobId + "-succeeded",
        "succeeded",
        ("{\"jobId\":\"%s\",\"owner\":\"%s\",\"attempt\":1,\"metrics\":{\"accuracy\":%s}}")
            .formatted(jobId, owner, accuracy));
  }

  static String runOf(String jobId) {
    ConsumerRecord<String, byte[]> created =
        tracking.await(
            r ->
                jobId.equals(r.key())
                    && TopicProbe.header(r, "ce_type").endsWith("run-created.v1"));
    return TopicProbe.value(created).replaceAll(".*\"runId\":\"([^\"]+)\".*", "$1");
  }

  static JsonNode registration(String jobId) throws Exception {
    ConsumerRecord<String, byte[]> outcome =
        tracking.await(
            r ->
                jobId.equals(r.key())
                    && (TopicProbe.header(r, "ce_type").endsWith("model-registered.v1")
                        || TopicProbe.header(r, "ce_type").endsWith("registration-failed.v1")),
            Duration.ofSeconds(120));
    return new ObjectMapper().readTree(outcome.value());
  }

  static void python(String script, String... args) throws Exception {
    pythonAs("ada", script, args);
  }

  /** Runs a script as {@code user}'s code would: with that user's MLflow credential. */
  static void pythonAs(String user, String script, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>();
    command.add(PythonEnv.bin("python").toString());
    command.add(Path.of(ModelLifecycleIT.class.getResource("/" + script).toURI()).toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("MLFLOW_ALLOW_PICKLE_DESERIALIZATION", "true");
    pb.environment().put("MLFLOW_TRACKING_USERNAME", user);
    pb.environment().put("MLFLOW_TRACKING_PASSWORD", accounts().password(user));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    lastOutput = out;
  }

  static String lastOutput;

  /** The gateway's credential (src/test/resources/config/application.yml). */
  static final String SERVICE_TOKEN = "service-token-of-the-tests-0123456789abcdef";

  static MlflowAccounts accounts() {
    return new MlflowAccounts(MlflowServer.current().userSecret().getBytes(StandardCharsets.UTF_8));
  }

  /** Reads are everyone's: the tests look as ada. */
  static String ada() {
    return accounts().authorization("ada");
  }

  /** Submits, trains (the script logs a model), progresses and succeeds a digits job. */
  String trainDigits(String jobId, String modelKind, double finalAccuracy) throws Exception {
    submitted(jobId);
    String runId = runOf(jobId);
    python("log_model.py", MlflowServer.current().url(), runId, modelKind);
    send(
        jobId,
        jobId + "-started",
        "started",
        "{\"jobId\":\"" + jobId + "\",\"owner\":\"ada\",\"attempt\":1,\"executor\":\"ray\"}");
    progressed(jobId, 1, 1.2, 0.6);
    progressed(jobId, 2, 0.6, 0.8);
    progressed(jobId, 3, 0.3, finalAccuracy - 0.01);
    succeeded(jobId, finalAccuracy);
    return runId;
  }

  JsonNode mlflow(String api) throws Exception {
    String body =
        http.send(
                HttpRequest.newBuilder(
                        URI.create(MlflowServer.current().url() + "/api/2.0/mlflow/" + api))
                    .header("authorization", ada())
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return json.readTree(body);
  }

  @Test
  void jobLifecycleGivesOneFinishedRunAndAReadyVersionAndChampionMovesOnlyOnImprovement()
      throws Exception {
    String runId = trainDigits("life-1", "digits", 0.90);
    JsonNode first = registration("life-1");
    assertThat(first.path("name").asText()).as(first.toString()).isEqualTo("ada-digits-mlp");
    assertThat(first.path("aliases").toString()).contains("latest").contains("champion");

    JsonNode run = mlflow("runs/get?run_id=" + runId).path("run");
    assertThat(run.path("info").path("status").asText()).isEqualTo("FINISHED");
    assertThat(run.path("data").path("params").toString())
        .contains("\"key\":\"epochs\",\"value\":\"3\"")
        .contains("\"key\":\"learningRate\",\"value\":\"0.01\"");
    assertThat(run.path("data").path("tags").toString())
        .contains("trainyard.executor")
        .contains("\"ray\"");
    assertThat(mlflow("metrics/get-history?run_id=" + runId + "&metric_key=loss").path("metrics"))
        .hasSize(3);
    JsonNode accuracy =
        mlflow("metrics/get-history?run_id=" + runId + "&metric_key=accuracy").path("metrics");
    assertThat(accuracy).hasSize(4);
    int version = first.path("version").asInt();
    JsonNode registered =
        mlflow("model-versions/get?name=ada-digits-mlp&version=" + version).path("model_version");
    assertThat(registered.path("status").asText()).isEqualTo("READY");
    assertThat(registered.path("run_id").asText()).isEqualTo(runId);

    trainDigits("life-2", "digits", 0.80);
    JsonNode worse = registration("life-2");
    assertThat(worse.path("aliases").toString()).contains("latest").doesNotContain("champion");
    assertThat(alias("champion")).isEqualTo(version);
    assertThat(alias("latest")).isEqualTo(worse.path("version").asInt());

    trainDigits("life-3", "digits", 0.95);
    JsonNode better = registration("life-3");
    assertThat(better.path("aliases").toString()).contains("champion");
    assertThat(alias("champion")).isEqualTo(better.path("version").asInt());

    python("load_registered.py", MlflowServer.current().url(), "models:/ada-digits-mlp@latest");
    assertThat(lastOutput).contains("prediction shape (1, 10)");

    HttpResponse<String> prediction =
        predict("ada-digits-mlp", "@champion", "[[" + "0.5,".repeat(63) + "0.5]]");
    assertThat(prediction.statusCode()).isEqualTo(200);
    JsonNode answer = json.readTree(prediction.body());
    assertThat(answer.path("outputs").get(0)).hasSize(10);
    assertThat(answer.path("classes").get(0).asInt()).isBetween(0, 9);
    assertThat(answer.path("version").asInt()).isEqualTo(better.path("version").asInt());

    HttpResponse<String> badShape = predict("ada-digits-mlp", "@latest", "[[1, 2, 3]]");
    assertThat(badShape.statusCode()).isEqualTo(400);
    assertThat(badShape.headers().firstValue("content-type").orElse(""))
        .contains("application/problem+json");
    assertThat(json.readTree(badShape.body()).path("field").asText()).isEqualTo("inputs[0]");
    assertThat(badShape.body()).contains("expected 64 numbers");

    assertThat(predict("nobody-digits-mlp", "@latest", "[[1]]").statusCode()).isEqualTo(404);
  }

  static void sendEvent(String key, String id, String type, String data) {
    TopicProbe.send(
        "trainyard.jobs",
        key,
        Map.of(
            "content-type",
            "application/json",
            "ce_specversion",
            "1.0",
            "ce_id",
            id,
            "ce_source",
            "/test",
            "ce_type",
            "io.trainyard." + type + ".v1",
            "ce_time",
            Instant.now().toString()),
        data.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aSweepIsAParentRunWithItsTrialsAsChildrenAndOnlyItsBestTrialsModelIsRegistered()
      throws Exception {
    signUp("swept");
    awaitAccount("swept");
    signUp("ada"); // whose credential mlflow() reads with, also when this test runs alone
    awaitAccount("ada");
    sendEvent(
        "sw-1",
        "sw-1-requested",
        "sweep.requested",
        """
        {"sweepId":"sw-1","owner":"swept","environment":"default","template":"digits-mlp",
         "hyperparameters":{"epochs":3},"space":{"learningRate":{"logUniform":[0.0001,0.1]}},
         "method":"random","trials":2,"seed":7,"maxConcurrent":2,"metric":"accuracy",
         "direction":"max","asha":{"minEpochs":1,"reductionFactor":3},"workers":1,
         "resources":{"cpuPerWorker":1,"memoryGiPerWorker":1,"gpusPerWorker":0}}""");
    Map<String, String> runs = new java.util.HashMap<>();
    for (String trial : List.of("sw-1-t1", "sw-1-t2")) {
      sendEvent(
          trial,
          trial + "-submitted",
          "job.submitted",
          """
          {"jobId":"%s","owner":"swept","environment":"default","template":"digits-mlp",
           "hyperparameters":{"epochs":3,"learningRate":0.01},"workers":1,"sweep":"sw-1",
           "resources":{"cpuPerWorker":1,"memoryGiPerWorker":1,"gpusPerWorker":0}}"""
              .formatted(trial));
      runs.put(trial, runOf(trial));
    }
    pythonAs("swept", "log_model.py", MlflowServer.current().url(), runs.get("sw-1-t1"), "digits");
    String reason = "stopped early at epoch 1: accuracy 0.2, rung cut 0.5";
    sendEvent(
        "sw-1",
        "sw-1-stopped-2",
        "sweep.trial-stopped",
        """
        {"sweepId":"sw-1","owner":"swept","trial":2,"jobId":"sw-1-t2","epoch":1,"metric":0.2,
         "reason":"%s"}"""
            .formatted(reason));
    sendEvent(
        "sw-1-t2",
        "sw-1-t2-cancelled",
        "job.cancelled",
        "{\"jobId\":\"sw-1-t2\",\"owner\":\"swept\",\"attempt\":1,\"reason\":\"" + reason + "\"}");
    sendEvent(
        "sw-1-t1",
        "sw-1-t1-succeeded",
        "job.succeeded",
        "{\"jobId\":\"sw-1-t1\",\"owner\":\"swept\",\"attempt\":1,\"metrics\":{\"accuracy\":0.97}}");
    sendEvent(
        "sw-1",
        "sw-1-completed",
        "sweep.completed",
        """
        {"sweepId":"sw-1","owner":"swept","status":"succeeded","bestTrial":1,"bestJobId":"sw-1-t1",
         "bestMetric":0.97,"bestHyperparameters":{"epochs":3,"learningRate":0.01}}""");

    JsonNode registered = registration("sw-1-t1");
    assertThat(registered.path("name").asText())
        .as(registered.toString())
        .isEqualTo("swept-digits-mlp");
    assertThat(registered.path("aliases").toString()).contains("champion");

    JsonNode best = mlflow("runs/get?run_id=" + runs.get("sw-1-t1")).path("run");
    String parentId = tag(best, "mlflow.parentRunId");
    assertThat(
            tag(mlflow("runs/get?run_id=" + runs.get("sw-1-t2")).path("run"), "mlflow.parentRunId"))
        .isEqualTo(parentId);
    JsonNode parent = mlflow("runs/get?run_id=" + parentId).path("run");
    JsonNode announced =
        new ObjectMapper()
            .readTree(
                tracking
                    .await(
                        r ->
                            "sw-1".equals(r.key())
                                && TopicProbe.header(r, "ce_type")
                                    .equals("io.trainyard.tracking.sweep-run-created.v1"))
                    .value());
    assertThat(announced.path("runId").asText()).isEqualTo(parentId);
    assertThat(announced.path("experimentId").asText())
        .isEqualTo(parent.path("info").path("experiment_id").asText());
    assertThat(parent.path("info").path("status").asText()).isEqualTo("FINISHED");
    assertThat(parent.path("data").path("params").toString())
        .contains("\"key\":\"space.learningRate\",\"value\":\"{\\\"logUniform\\\":[1.0E-4,0.1]}\"")
        .contains("\"key\":\"method\",\"value\":\"random\"")
        .contains("\"key\":\"best.learningRate\",\"value\":\"0.01\"");
    assertThat(parent.path("data").path("metrics").toString())
        .contains("\"key\":\"best_accuracy\",\"value\":0.97");
    assertThat(tag(parent, "trainyard.best_run_id")).isEqualTo(runs.get("sw-1-t1"));

    JsonNode stopped = mlflow("runs/get?run_id=" + runs.get("sw-1-t2")).path("run");
    assertThat(stopped.path("info").path("status").asText()).isEqualTo("KILLED");
    assertThat(tag(stopped, "trainyard.stopped_early")).isEqualTo(reason);
    assertThat(tracking.seen())
        .noneMatch(
            r ->
                "sw-1-t2".equals(r.key())
                    && TopicProbe.header(r, "ce_type").endsWith("model-registered.v1"));
  }

  @Test
  void aSweepThatEndsBeforeItsBestTrialIsFinishedAtOnceAndRegistersThatTrialsModelWhenItComes()
      throws Exception {
    signUp("late");
    awaitAccount("late");
    signUp("ada"); // whose credential mlflow() reads with, also when this test runs alone
    awaitAccount("ada");
    sendEvent(
        "sw-2-t1",
        "sw-2-t1-submitted",
        "job.submitted",
        """
        {"jobId":"sw-2-t1","owner":"late","environment":"default","template":"digits-mlp",
         "hyperparameters":{"epochs":3,"learningRate":0.01},"workers":1,"sweep":"sw-2",
         "resources":{"cpuPerWorker":1,"memoryGiPerWorker":1,"gpusPerWorker":0}}""");
    String trial = runOf("sw-2-t1");
    pythonAs("late", "log_model.py", MlflowServer.current().url(), trial, "digits");
    sendEvent(
        "sw-2",
        "sw-2-completed",
        "sweep.completed",
        """
        {"sweepId":"sw-2","owner":"late","status":"succeeded","bestTrial":1,"bestJobId":"sw-2-t1",
         "bestMetric":0.93,"bestHyperparameters":{"learningRate":0.01}}""");

    // The trial's own end is still to come: the sweep's run ends with what the sweep decided.
    String parentId = tag(mlflow("runs/get?run_id=" + trial).path("run"), "mlflow.parentRunId");
    JsonNode parent =
        Awaitility.await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> mlflow("runs/get?run_id=" + parentId).path("run"),
                run -> run.path("info").path("status").asText().equals("FINISHED"));
    assertThat(parent.path("data").path("params").toString())
        .contains("\"key\":\"best.learningRate\",\"value\":\"0.01\"");
    assertThat(parent.path("data").path("metrics").toString())
        .contains("\"key\":\"best_metric\",\"value\":0.93");

    sendEvent(
        "sw-2-t1",
        "sw-2-t1-succeeded",
        "job.succeeded",
        "{\"jobId\":\"sw-2-t1\",\"owner\":\"late\",\"attempt\":1,\"metrics\":{\"accuracy\":0.93}}");
    JsonNode registered = registration("sw-2-t1");
    assertThat(registered.path("name").asText())
        .as(registered.toString())
        .isEqualTo("late-digits-mlp");
    assertThat(registered.path("aliases").toString()).contains("champion");
  }

  static String tag(JsonNode run, String key) {
    for (JsonNode t : run.path("data").path("tags")) {
      if (key.equals(t.path("key").asText())) {
        return t.path("value").asText();
      }
    }
    return null;
  }

  @Test
  void modelLeftOnDiskByTheExecutorIsUploadedIntoTheRunThenRegistered() throws Exception {
    submitted("disk-1");
    String runId = runOf("disk-1");
    // The attempt's work directory, fresh as DJL makes it (an earlier run may have left one).
    Path dir = djlWorkDir.resolve("disk-1-1");
    if (java.nio.file.Files.exists(dir)) {
      try (var all = java.nio.file.Files.walk(dir)) {
        for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
          java.nio.file.Files.delete(p);
        }
      }
    }
    java.nio.file.Files.createDirectories(dir);
    python("log_model.py", MlflowServer.current().url(), runId, "digits", dir.toString());
    send(
        "disk-1",
        "disk-1-succeeded",
        "succeeded",
        "{\"jobId\":\"disk-1\",\"owner\":\"ada\",\"attempt\":1,\"metrics\":{\"accuracy\":0.5},"
            + "\"modelUri\":\""
            + dir.resolve("model").toUri()
            + "\"}");

    JsonNode registered = registration("disk-1");
    assertThat(registered.path("name").asText())
        .as(registered.toString())
        .isEqualTo("ada-digits-mlp");
    String listing =
        http.send(
                HttpRequest.newBuilder(
                        URI.create(
                            MlflowServer.current().url()
                                + "/api/2.0/mlflow/artifacts/list?run_id="
                                + runId
                                + "&path=model"))
                    .header("authorization", ada())
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(listing).contains("MLmodel");
  }

  @Test
  void aModelUriOutsideTheJobsRunAndWorkDirectoryIsDeadLetteredNotCopied() throws Exception {
    submitted("forged-1");
    runOf("forged-1");
    submitted("forged-2");
    runOf("forged-2");
    try (TopicProbe dlq = new TopicProbe("trainyard.dlq")) {
      send(
          "forged-1",
          "forged-1-succeeded",
          "succeeded",
          "{\"jobId\":\"forged-1\",\"owner\":\"ada\",\"attempt\":1,\"metrics\":{},"
              + "\"modelUri\":\""
              + Path.of(System.getProperty("user.home")).toUri()
              + "\"}");
      send(
          "forged-2",
          "forged-2-succeeded",
          "succeeded",
          "{\"jobId\":\"forged-2\",\"owner\":\"ada\",\"attempt\":1,\"metrics\":{},"
              + "\"modelUri\":\""
              + djlWorkDir.resolve("forged-1-1").resolve("model").toUri()
              + "\"}");
      for (String job : List.of("forged-1", "forged-2")) {
        var dead =
            dlq.await(
                r ->
                    job.equals(r.key())
                        && "tracking-service"
                            .equals(TopicProbe.header(r, "trainyard_dlq_consumer")));
        assertThat(TopicProbe.header(dead, "trainyard_dlq_reason"))
            .contains("outside the work directory of job " + job);
      }
    }
  }

  @Test
  void unloadableOrWrongShapedModelIsNotRegistered() throws Exception {
    trainDigits("bad-1", "garbage", 0.9);
    JsonNode garbage = registration("bad-1");
    assertThat(garbage.path("reason").asText()).contains("cannot be loaded as TorchScript");

    trainDigits("bad-2", "wrong-shape", 0.9);
    JsonNode wrong = registration("bad-2");
    assertThat(wrong.path("reason").asText())
        .contains("answers shape [1, 3]")
        .contains("expects [1, 10]");
  }

  @Test
  void outOfOrderAndDuplicatedEventsStillGiveOneRunAndOneVersion() throws Exception {
    progressed("ooo-1", 1, 1.0, 0.5);
    submitted("ooo-1");
    submitted("ooo-1");
    String runId = runOf("ooo-1");
    python("log_model.py", MlflowServer.current().url(), runId, "digits");
    succeeded("ooo-1", 0.7);
    succeeded("ooo-1", 0.7);
    JsonNode registered = registration("ooo-1");
    Thread.sleep(3000);

    JsonNode run = mlflow("runs/get?run_id=" + runId).path("run");
    assertThat(run.path("data").path("tags").toString()).contains("digits-mlp");
    String experiment = run.path("info").path("experiment_id").asText();
    String search =
        http.send(
                HttpRequest.newBuilder(
                        URI.create(MlflowServer.current().url() + "/api/2.0/mlflow/runs/search"))
                    .header("content-type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"experiment_ids\":[\""
                                + experiment
                                + "\"],\"filter\":\"tags.`trainyard.job_id` = 'ooo-1'\"}"))
                    .header("authorization", ada())
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(json.readTree(search).path("runs")).hasSize(1);
    JsonNode versions =
        mlflow(
            "model-versions/search?filter="
                + URLEncoder.encode("run_id='" + runId + "'", StandardCharsets.UTF_8));
    assertThat(versions.path("model_versions")).hasSize(1);
    assertThat(registered.path("version").asInt())
        .isEqualTo(versions.path("model_versions").get(0).path("version").asInt());
    assertThat(
            mlflow("metrics/get-history?run_id=" + runId + "&metric_key=accuracy").path("metrics"))
        .hasSize(2);
  }

  @Test
  void anExperimentOrModelSomeoneElseMadeFirstIsMovedAsideAndNobodyButTheOwnerWritesTheirs()
      throws Exception {
    signUp("mallory");
    signUp("eve");
    awaitAccount("mallory");
    awaitAccount("eve");
    String squatted =
        as("mallory", "POST", "experiments/create", "{\"name\":\"trainyard/eve\"}")
            .path("experiment_id")
            .asText();
    as("mallory", "POST", "registered-models/create", "{\"name\":\"eve-digits-mlp\"}");

    submitted("squat-1", "eve");
    String runId = runOf("squat-1");
    JsonNode run = mlflow("runs/get?run_id=" + runId).path("run");
    String experiment = run.path("info").path("experiment_id").asText();
    assertThat(experiment).isNotEqualTo(squatted);
    assertThat(mlflow("experiments/get?experiment_id=" + experiment).toString())
        .contains("\"name\":\"trainyard/eve\"");
    assertThat(mlflow("experiments/get?experiment_id=" + squatted).toString())
        .contains("squatted/trainyard/eve/" + squatted);

    String metric =
        "{\"run_id\":\"" + runId + "\",\"key\":\"x\",\"value\":1,\"timestamp\":1,\"step\":0}";
    assertThat(status("mallory", "POST", "runs/log-metric", metric)).isEqualTo(403);
    assertThat(status("eve", "POST", "runs/log-metric", metric)).isEqualTo(200);

    pythonAs("eve", "log_model.py", MlflowServer.current().url(), runId, "digits");
    succeeded("squat-1", "eve", 0.9);
    JsonNode registered = registration("squat-1");
    assertThat(registered.path("name").asText())
        .as(registered.toString())
        .isEqualTo("eve-digits-mlp");
    assertThat(mlflow("registered-models/get?name=eve-digits-mlp").toString())
        .contains("\"key\":\"trainyard.owner\",\"value\":\"eve\"");
    assertThat(
            mlflow(
                    "registered-models/search?filter="
                        + URLEncoder.encode(
                            "name LIKE 'squatted-eve-digits-mlp-%'", StandardCharsets.UTF_8))
                .path("registered_models"))
        .hasSize(1);

    String champion = "{\"name\":\"eve-digits-mlp\",\"alias\":\"champion\",\"version\":\"1\"}";
    assertThat(status("mallory", "POST", "registered-models/alias", champion)).isEqualTo(403);
    assertThat(
            status(
                "mallory", "DELETE", "registered-models/delete", "{\"name\":\"eve-digits-mlp\"}"))
        .isEqualTo(403);
    assertThat(status("eve", "POST", "registered-models/alias", champion)).isEqualTo(200);
  }

  @Test
  void predictionsAndEverythingButHealthAnswerOnlyTheServiceCredential() throws Exception {
    for (String authorization : new String[] {null, "Bearer not-the-token", "Basic YTpi"}) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(
                  URI.create(
                      "http://localhost:" + port + "/api/models/ada-digits-mlp/versions/1/predict"))
              .header("content-type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\":[[1]]}"));
      if (authorization != null) {
        request.header("authorization", authorization);
      }
      assertThat(http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode())
          .as(String.valueOf(authorization))
          .isEqualTo(401);
    }
    for (String path :
        new String[] {"/actuator/prometheus", "/actuator/metrics", "/actuator/info"}) {
      assertThat(
              http.send(
                      HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .as(path)
          .isEqualTo(401);
    }
    assertThat(
            http.send(
                    HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/actuator/health"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(200);
  }

  static void signUp(String username) {
    TopicProbe.send(
        "trainyard.users",
        username,
        Map.of(
            "content-type", "application/json",
            "ce_specversion", "1.0",
            "ce_id", "signed-up-" + username,
            "ce_source", "/test",
            "ce_type", "io.trainyard.user.signed-up.v1",
            "ce_time", Instant.now().toString()),
        ("{\"username\":\"" + username + "\"}").getBytes(StandardCharsets.UTF_8));
  }

  void awaitAccount(String user) throws Exception {
    Instant deadline = Instant.now().plusSeconds(60);
    while (status(user, "GET", "experiments/search?max_results=1", null) != 200) {
      assertThat(Instant.now()).as(user + "'s MLflow account").isBefore(deadline);
      Thread.sleep(200);
    }
  }

  int status(String user, String method, String api, String body) throws Exception {
    return call(user, method, api, body).statusCode();
  }

  JsonNode as(String user, String method, String api, String body) throws Exception {
    HttpResponse<String> response = call(user, method, api, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json.readTree(response.body());
  }

  HttpResponse<String> call(String user, String method, String api, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(MlflowServer.current().url() + "/api/2.0/mlflow/" + api))
            .header("authorization", accounts().authorization(user))
            .header("content-type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  int alias(String alias) throws Exception {
    return mlflow("registered-models/alias?name=ada-digits-mlp&alias=" + alias)
        .path("model_version")
        .path("version")
        .asInt();
  }

  HttpResponse<String> predict(String name, String version, String inputs) throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create(
                    "http://localhost:"
                        + port
                        + "/api/models/"
                        + name
                        + "/versions/"
                        + version
                        + "/predict"))
            .header("content-type", "application/json")
            .header("authorization", "Bearer " + SERVICE_TOKEN)
            .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\":" + inputs + "}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
