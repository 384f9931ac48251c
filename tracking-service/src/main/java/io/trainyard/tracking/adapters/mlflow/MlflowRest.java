package io.trainyard.tracking.adapters.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.platform.mlflow.MlflowAccounts;
import io.trainyard.tracking.adapters.mlflow.MlflowExperimentTracker.MlflowUnavailableException;
import io.trainyard.tracking.config.MlflowProperties;
import io.trainyard.tracking.domain.TrackerRejectedException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Plain REST for what MLflow's Java client lacks (registry writes, aliases, the artifact proxy),
 * with a timeout on every call. 5xx and connection failures read as "MLflow unavailable" and are
 * retried by the consumer; a 404 is an answer.
 */
@Component
class MlflowRest {

  private final HttpClient http;
  private final MlflowProperties properties;
  private final String authorization;
  private final ObjectMapper json = new ObjectMapper();

  MlflowRest(MlflowProperties properties) {
    this.properties = properties;
    this.http = HttpClient.newBuilder().connectTimeout(properties.timeout()).build();
    this.authorization =
        MlflowAccounts.basic(properties.adminUsername(), properties.adminPassword());
  }

  Optional<JsonNode> get(String api, Map<String, String> query) {
    return send(HttpRequest.newBuilder(uri("/api/2.0/mlflow/" + api, query)).GET());
  }

  JsonNode post(String api, Object body) {
    return send("POST", "/api/2.0/mlflow/" + api, body);
  }

  /** {@code path} from the server's root, for the auth app's {@code /api/3.0} routes. */
  JsonNode send(String method, String path, Object body) {
    return send(HttpRequest.newBuilder(uri(path, Map.of()))
            .header("content-type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes(body))))
        .orElseThrow(() -> new IllegalStateException("MLflow answered 404 to " + path));
  }

  Optional<JsonNode> listArtifacts(String path) {
    return send(
        HttpRequest.newBuilder(uri("/api/2.0/mlflow-artifacts/artifacts", Map.of("path", path)))
            .GET());
  }

  Path download(String path, Path target) {
    HttpRequest request =
        HttpRequest.newBuilder(uri("/api/2.0/mlflow-artifacts/artifacts/" + path, Map.of()))
            .timeout(properties.timeout().multipliedBy(4))
            .header("authorization", authorization)
            .GET()
            .build();
    try {
      HttpResponse<Path> response = http.send(request, HttpResponse.BodyHandlers.ofFile(target));
      check(response.statusCode(), path);
      return target;
    } catch (IOException e) {
      throw new MlflowUnavailableException("MLflow artifact download failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MlflowUnavailableException("interrupted", e);
    }
  }

  void upload(String path, Path file) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(uri("/api/2.0/mlflow-artifacts/artifacts/" + path, Map.of()))
              .timeout(properties.timeout().multipliedBy(4))
              .header("authorization", authorization)
              .PUT(HttpRequest.BodyPublishers.ofFile(file))
              .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      check(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new MlflowUnavailableException("MLflow artifact upload failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MlflowUnavailableException("interrupted", e);
    }
  }

  private Optional<JsonNode> send(HttpRequest.Builder builder) {
    try {
      HttpResponse<InputStream> response =
          http.send(
              builder.timeout(properties.timeout()).header("authorization", authorization).build(),
              HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        byte[] bytes = body.readAllBytes();
        if (response.statusCode() == 404) {
          return Optional.empty();
        }
        check(response.statusCode(), new String(bytes, StandardCharsets.UTF_8));
        return Optional.of(bytes.length == 0 ? json.createObjectNode() : json.readTree(bytes));
      }
    } catch (IOException e) {
      throw new MlflowUnavailableException("MLflow call failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MlflowUnavailableException("interrupted", e);
    }
  }

  private static void check(int status, String body) {
    // A refused admin credential is the deployment's to fix, and records wait for it.
    if (status >= 500 || status == 401) {
      throw new MlflowUnavailableException("MLflow answered " + status + ": " + body, null);
    }
    if (status >= 400) {
      throw new MlflowRejectedException("MLflow answered " + status + ": " + body);
    }
  }

  private URI uri(String path, Map<String, String> query) {
    String q =
        query.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    String base = properties.url().toString().replaceAll("/+$", "");
    return URI.create(base + path + (q.isEmpty() ? "" : "?" + q));
  }

  private byte[] bytes(Object body) {
    try {
      return json.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static class MlflowRejectedException extends TrackerRejectedException {
    MlflowRejectedException(String message) {
      super(message);
    }
  }
}
