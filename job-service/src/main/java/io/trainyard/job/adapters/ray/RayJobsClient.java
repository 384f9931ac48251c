package io.trainyard.job.adapters.ray;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.contracts.codec.CloudEventCodec;
import io.trainyard.job.adapters.logs.LogLines;
import io.trainyard.job.domain.AttemptRefusedException;
import io.trainyard.job.domain.AttemptStatus;
import io.trainyard.job.domain.AttemptStatus.State;
import io.trainyard.job.domain.LogRead;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The Ray Jobs REST API of one dashboard (see shared/REFERENCE.md); plain HTTP, no Ray SDK. */
class RayJobsClient {

  /** A cluster's dashboard, and the token every call to it carries (Ray answers 401 without). */
  record Head(String base, Optional<String> authorization) {
    URI uri(String path) {
      return URI.create(base + path);
    }

    HttpRequest.Builder authorize(HttpRequest.Builder request) {
      authorization.ifPresent(a -> request.header("Authorization", a));
      return request;
    }

    Map<String, String> headers() {
      return authorization.map(a -> Map.of("Authorization", a)).orElse(Map.of());
    }
  }

  private static final ObjectMapper JSON = CloudEventCodec.mapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(15);
  private static final int MAX_ANSWER = 1 << 20;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  /** Whether the cluster has the package already: an identical zip is uploaded once. */
  boolean hasPackage(Head head, String name) throws IOException {
    var response = send(head, HttpRequest.newBuilder(head.uri("/api/packages/gcs/" + name)).GET());
    if (response.statusCode() == 404) {
      return false;
    }
    expectOk(response, "checking package " + name);
    return true;
  }

  void uploadPackage(Head head, String name, java.nio.file.Path zip) throws IOException {
    var response =
        send(
            head,
            HttpRequest.newBuilder(head.uri("/api/packages/gcs/" + name))
                .timeout(Duration.ofMinutes(5))
                .PUT(HttpRequest.BodyPublishers.ofFile(zip)));
    expectOk(response, "uploading package " + name);
  }

  /**
   * Submits; a submission id the cluster knows already counts as submitted. A 400 is a refusal;
   * anything else that is not success may pass and is worth another try.
   */
  void submit(Head head, Map<String, Object> body) throws IOException {
    var response =
        send(
            head,
            HttpRequest.newBuilder(head.uri("/api/jobs/"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
    if (response.statusCode() == 200 || response.body().contains("already exists")) {
      return;
    }
    if (response.statusCode() == 400) {
      throw new AttemptRefusedException("Ray refused the job: " + brief(response.body()));
    }
    // A 500 is often passing ("No available agent to submit job" while a head starts).
    throw new IOException(
        "submitting failed with HTTP " + response.statusCode() + ": " + brief(response.body()));
  }

  /** A Ray job as its details say, and the node its driver (and so its log) runs on. */
  record RayJob(AttemptStatus status, String driverNodeId) {}

  RayJob status(Head head, String id) {
    Answer response;
    try {
      response = send(head, HttpRequest.newBuilder(head.uri("/api/jobs/" + id)).GET());
    } catch (IOException e) {
      return new RayJob(AttemptStatus.unreachable(e.toString()), null);
    }
    if (response.statusCode() == 404) {
      return new RayJob(AttemptStatus.of(State.NOT_FOUND), null);
    }
    if (response.statusCode() != 200) {
      return new RayJob(
          AttemptStatus.unreachable(
              "HTTP " + response.statusCode() + ": " + brief(response.body())),
          null);
    }
    try {
      JsonNode job = JSON.readTree(response.body());
      JsonNode exit = job.path("driver_exit_code");
      return new RayJob(
          new AttemptStatus(
              State.valueOf(job.path("status").asText()),
              text(job.path("message")),
              exit.isIntegralNumber() ? exit.asInt() : null,
              text(job.path("error_type"))),
          text(job.path("driver_node_id")));
    } catch (IOException | IllegalArgumentException e) {
      return new RayJob(AttemptStatus.unreachable("unreadable job details: " + e), null);
    }
  }

  /** The driver log as it grows, plain text: Ray's log API, kept open. */
  URI logStream(Head head, String node, String id) {
    return head.uri(
        "/api/v0/logs/stream?lines=-1&interval=0.5&node_id="
            + encode(node)
            + "&submission_id="
            + encode(id));
  }

  /**
   * Up to {@code max} lines of the whole driver log from line {@code from}, streamed: the log is
   * never held whole. An answer other than 200 is no lines, a cluster that does not answer throws.
   */
  LogRead logs(Head head, String node, String id, long from, int max) throws IOException {
    URI file =
        head.uri(
            "/api/v0/logs/file?lines=-1&node_id=" + encode(node) + "&submission_id=" + encode(id));
    HttpResponse<InputStream> response;
    try {
      response =
          http.send(
              head.authorize(HttpRequest.newBuilder(file))
                  .timeout(Duration.ofMinutes(2))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    try (InputStream in = response.body()) {
      if (response.statusCode() != 200) {
        return LogRead.none();
      }
      return LogLines.read(in, from, max, true).read();
    }
  }

  HttpClient http() {
    return http;
  }

  private static String encode(String value) {
    return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
  }

  void stop(Head head, String id) throws IOException {
    var response =
        send(
            head,
            HttpRequest.newBuilder(head.uri("/api/jobs/" + id + "/stop"))
                .POST(HttpRequest.BodyPublishers.noBody()));
    if (response.statusCode() != 200 && response.statusCode() != 404) {
      expectOk(response, "stopping " + id);
    }
  }

  /**
   * Ray's answers, read to at most {@link #MAX_ANSWER} bytes: the head is the user's, and a runaway
   * answer must not fill this service's heap.
   */
  private Answer send(Head head, HttpRequest.Builder request) throws IOException {
    try {
      HttpRequest built = head.authorize(request).build();
      if (built.timeout().isEmpty()) {
        built = HttpRequest.newBuilder(built, (k, v) -> true).timeout(TIMEOUT).build();
      }
      HttpResponse<InputStream> response =
          http.send(built, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        byte[] body = in.readNBytes(MAX_ANSWER);
        return new Answer(response, new String(body, java.nio.charset.StandardCharsets.UTF_8));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** A status line and a body of bounded size. */
  private record Answer(HttpResponse<?> response, String body) {
    int statusCode() {
      return response.statusCode();
    }
  }

  private static void expectOk(Answer response, String what) throws IOException {
    if (response.statusCode() != 200) {
      throw new IOException(
          what + " failed with HTTP " + response.statusCode() + ": " + brief(response.body()));
    }
  }

  /** An answer as a reason quotes it: its start. */
  private static String brief(String body) {
    String text = body.strip();
    return text.length() > 500 ? text.substring(0, 500) + " [cut]" : text;
  }

  private static String text(JsonNode node) {
    return node.isMissingNode() || node.isNull() ? null : node.asText();
  }
}
