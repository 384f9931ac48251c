package io.trainyard.job.adapters.ray;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.contracts.codec.CloudEventCodec;
import io.trainyard.job.domain.AttemptRefusedException;
import io.trainyard.job.domain.AttemptStatus;
import io.trainyard.job.domain.AttemptStatus.State;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The Ray Jobs REST API of one dashboard (see shared/REFERENCE.md); plain HTTP, no Ray SDK. */
class RayJobsClient {

  private static final ObjectMapper JSON = CloudEventCodec.mapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  /** Whether the cluster has the package already: an identical zip is uploaded once. */
  boolean hasPackage(String base, String name) throws IOException {
    var response = send(HttpRequest.newBuilder(uri(base, "/api/packages/gcs/" + name)).GET());
    if (response.statusCode() == 404) {
      return false;
    }
    expectOk(response, "checking package " + name);
    return true;
  }

  void uploadPackage(String base, String name, byte[] zip) throws IOException {
    var response =
        send(
            HttpRequest.newBuilder(uri(base, "/api/packages/gcs/" + name))
                .timeout(Duration.ofMinutes(5))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(zip)));
    expectOk(response, "uploading package " + name);
  }

  /**
   * Submits; a submission id the cluster knows already counts as submitted. A 400 is a refusal;
   * anything else that is not success may pass and is worth another try.
   */
  void submit(String base, Map<String, Object> body) throws IOException {
    var response =
        send(
            HttpRequest.newBuilder(uri(base, "/api/jobs/"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
    if (response.statusCode() == 200 || response.body().contains("already exists")) {
      return;
    }
    if (response.statusCode() == 400) {
      throw new AttemptRefusedException("Ray refused the job: " + response.body().strip());
    }
    // A 500 is often passing ("No available agent to submit job" while a head starts).
    throw new IOException(
        "submitting failed with HTTP " + response.statusCode() + ": " + response.body().strip());
  }

  AttemptStatus status(String base, String id) {
    HttpResponse<String> response;
    try {
      response = send(HttpRequest.newBuilder(uri(base, "/api/jobs/" + id)).GET());
    } catch (IOException e) {
      return AttemptStatus.unreachable(e.toString());
    }
    if (response.statusCode() == 404) {
      return AttemptStatus.of(State.NOT_FOUND);
    }
    if (response.statusCode() != 200) {
      return AttemptStatus.unreachable(
          "HTTP " + response.statusCode() + ": " + response.body().strip());
    }
    try {
      JsonNode job = JSON.readTree(response.body());
      JsonNode exit = job.path("driver_exit_code");
      return new AttemptStatus(
          State.valueOf(job.path("status").asText()),
          text(job.path("message")),
          exit.isIntegralNumber() ? exit.asInt() : null,
          text(job.path("error_type")));
    } catch (IOException | IllegalArgumentException e) {
      return AttemptStatus.unreachable("unreadable job details: " + e);
    }
  }

  String logs(String base, String id) throws IOException {
    var response = send(HttpRequest.newBuilder(uri(base, "/api/jobs/" + id + "/logs")).GET());
    expectOk(response, "reading logs of " + id);
    return JSON.readTree(response.body()).path("logs").asText("");
  }

  void stop(String base, String id) throws IOException {
    var response =
        send(
            HttpRequest.newBuilder(uri(base, "/api/jobs/" + id + "/stop"))
                .POST(HttpRequest.BodyPublishers.noBody()));
    if (response.statusCode() != 200 && response.statusCode() != 404) {
      expectOk(response, "stopping " + id);
    }
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
    try {
      HttpRequest built = request.build();
      if (built.timeout().isEmpty()) {
        built = HttpRequest.newBuilder(built, (k, v) -> true).timeout(TIMEOUT).build();
      }
      return http.send(built, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static void expectOk(HttpResponse<String> response, String what) throws IOException {
    if (response.statusCode() != 200) {
      throw new IOException(
          what + " failed with HTTP " + response.statusCode() + ": " + response.body().strip());
    }
  }

  private static URI uri(String base, String path) {
    return URI.create(base + path);
  }

  private static String text(JsonNode node) {
    return node.isMissingNode() || node.isNull() ? null : node.asText();
  }
}
