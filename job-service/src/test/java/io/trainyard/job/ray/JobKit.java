package io.trainyard.job.ray;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.contracts.EventCatalog;
import io.trainyard.contracts.TrainyardEvent;
import io.trainyard.contracts.codec.CloudEventCodec;
import io.trainyard.contracts.environment.EnvironmentProvisioning;
import io.trainyard.contracts.environment.EnvironmentReady;
import io.trainyard.contracts.job.JobCancelRequested;
import io.trainyard.contracts.job.JobSubmitted;
import io.trainyard.contracts.job.Resources;
import io.trainyard.contracts.tracking.RunCreated;
import io.trainyard.platform.mlflow.MlflowAccounts;
import io.trainyard.testsupport.MlflowServer;
import io.trainyard.testsupport.RayHead;
import io.trainyard.testsupport.TopicProbe;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Plays the other services for job-service tests: environments, MLflow runs, users. */
public final class JobKit {

  static final ObjectMapper JSON = CloudEventCodec.mapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private JobKit() {}

  public static void send(String topic, TrainyardEvent event) {
    TopicProbe.send(
        topic,
        event.key(),
        TopicProbe.cloudEventHeaders(UUID.randomUUID().toString(), EventCatalog.of(event).type()),
        bytes(event));
  }

  /** Where job-service finds clusters' tokens in these tests (trainyard.ray.token-dir). */
  public static final java.nio.file.Path TOKENS = tokens();

  private static java.nio.file.Path tokens() {
    try {
      return java.nio.file.Files.createTempDirectory("ty-job-tokens");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The environment is ready on {@code head}, whose token job-service can now find. */
  static void ready(String owner, String env, RayHead head, int workers) {
    ready("trainyard.environments", owner, env, head, workers);
  }

  static void ready(String topic, String owner, String env, RayHead head, int workers) {
    head.authorize(TOKENS, owner, env);
    String url = head.dashboardUrl();
    send(topic, new EnvironmentReady(owner, env, url, url + "/api/jobs/", workers));
  }

  static void provisioning(String owner, String env, String why) {
    send("trainyard.environments", new EnvironmentProvisioning(owner, env, why));
  }

  /** A real MLflow run for the job, announced as tracking-service would. */
  static String runFor(String jobId, String owner) throws Exception {
    return runFor(jobId, owner, "trainyard.tracking");
  }

  /**
   * The same, announced on {@code trackingTopic}: as tracking-service does, the owner gets an
   * account and an experiment they own, and the run is made there.
   */
  static String runFor(String jobId, String owner, String trackingTopic) throws Exception {
    String experiment = ownedExperiment(owner);
    JsonNode run =
        post(
            "/api/2.0/mlflow/runs/create",
            Map.of(
                "experiment_id",
                experiment,
                "run_name",
                jobId,
                "start_time",
                System.currentTimeMillis()));
    String runId = run.path("run").path("info").path("run_id").asText();
    send(trackingTopic, new RunCreated(jobId, owner, experiment, runId));
    return runId;
  }

  static MlflowAccounts accounts() {
    return new MlflowAccounts(
        MlflowServer.current().userSecret().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static synchronized String ownedExperiment(String owner) throws Exception {
    post(
        "/api/2.0/mlflow/users/create",
        Map.of("username", owner, "password", accounts().password(owner)));
    String name = "trainyard/" + owner;
    JsonNode found =
        get("/api/2.0/mlflow/experiments/get-by-name?experiment_name=" + name.replace("/", "%2F"));
    String id = found.path("experiment").path("experiment_id").asText();
    if (id.isEmpty()) {
      id =
          post("/api/2.0/mlflow/experiments/create", Map.of("name", name))
              .path("experiment_id")
              .asText();
    }
    post(
        "/api/3.0/mlflow/users/permissions/grant",
        Map.of(
            "username",
            owner,
            "resource_type",
            "experiment",
            "resource_id",
            id,
            "permission",
            "MANAGE"));
    return id;
  }

  static void submit(JobSubmitted job) {
    send("trainyard.job-requests", job);
  }

  static JobSubmitted template(String jobId, String env, Map<String, Object> hp, int workers) {
    return new JobSubmitted(
        jobId, "ada", env, "digits-mlp", null, null, hp, workers, new Resources(1, 1, 0));
  }

  public static void cancel(String jobId) {
    send("trainyard.job-requests", new JobCancelRequested(jobId, "ada"));
  }

  static List<String> artifacts(String runId, String path) throws Exception {
    JsonNode list = get("/api/2.0/mlflow/artifacts/list?run_id=" + runId + "&path=" + path);
    return list.path("files").findValuesAsText("path");
  }

  public static boolean is(ConsumerRecord<String, byte[]> r, String jobId, String event) {
    return jobId.equals(r.key())
        && ("io.trainyard.job." + event + ".v1").equals(TopicProbe.header(r, "ce_type"));
  }

  public static JsonNode data(ConsumerRecord<String, byte[]> r) {
    try {
      return JSON.readTree(r.value());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<JsonNode> all(TopicProbe probe, String jobId, String event) {
    return probe.seen().stream().filter(r -> is(r, jobId, event)).map(JobKit::data).toList();
  }

  static JsonNode rayJob(RayHead head, String submissionId) throws Exception {
    var response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(head.dashboardUrl() + "/api/jobs/" + submissionId))
                .header("Authorization", head.authorization())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  static JsonNode rayJobs(RayHead head) throws Exception {
    var response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(head.dashboardUrl() + "/api/jobs/"))
                .header("Authorization", head.authorization())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  private static JsonNode post(String path, Object body) throws Exception {
    var response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(MlflowServer.current().url() + path))
                .header("Content-Type", "application/json")
                .header("Authorization", MlflowServer.current().adminAuthorization())
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  private static JsonNode get(String path) throws Exception {
    var response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(MlflowServer.current().url() + path))
                .header("Authorization", MlflowServer.current().adminAuthorization())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  private static byte[] bytes(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
