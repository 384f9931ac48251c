package io.trainyard.tracking.adapters.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.tracking.domain.ModelRegistry;
import io.trainyard.tracking.domain.TrackedRun;
import io.trainyard.tracking.domain.UnknownModelException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** MLflow's model registry over REST (the Java client has no registry writes and no aliases). */
@Component
class MlflowModelRegistry implements ModelRegistry {

  private static final Duration READY_WITHIN = Duration.ofMinutes(2);
  private static final String LATEST = "latest";

  private final MlflowRest rest;
  private final MlflowOwnership ownership;

  MlflowModelRegistry(MlflowRest rest, MlflowOwnership ownership) {
    this.rest = rest;
    this.ownership = ownership;
  }

  @Override
  public int ensureVersion(String name, String owner, TrackedRun run, Map<String, String> tags) {
    ownership.ensureModel(name, owner);
    Optional<JsonNode> existing =
        rest.get(
                "model-versions/search",
                Map.of("filter", "name='" + name + "' and run_id='" + run.runId() + "'"))
            .map(found -> found.path("model_versions"))
            .filter(versions -> versions.size() > 0)
            .map(versions -> versions.get(0));
    int version;
    if (existing.isPresent()) {
      version = existing.get().path("version").asInt();
    } else {
      List<Map<String, String>> tagList =
          tags.entrySet().stream()
              .map(e -> Map.of("key", e.getKey(), "value", e.getValue()))
              .toList();
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", name);
      body.put(
          "source",
          "mlflow-artifacts:/" + run.experimentId() + "/" + run.runId() + "/artifacts/model");
      body.put("run_id", run.runId());
      body.put("tags", tagList);
      version =
          rest.post("model-versions/create", body).path("model_version").path("version").asInt();
    }
    awaitReady(name, version);
    return version;
  }

  private void awaitReady(String name, int version) {
    Instant deadline = Instant.now().plus(READY_WITHIN);
    while (true) {
      String status = modelVersion(name, version).path("status").asText();
      if ("READY".equals(status)) {
        return;
      }
      if ("FAILED_REGISTRATION".equals(status)) {
        throw new IllegalStateException(name + " version " + version + " failed registration");
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            name + " version " + version + " not READY after " + READY_WITHIN);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** MLflow reserves "latest" and resolves it to the newest version itself. */
  @Override
  public void setAlias(String name, String alias, int version) {
    if (LATEST.equalsIgnoreCase(alias)) {
      return;
    }
    rest.post(
        "registered-models/alias",
        Map.of("name", name, "alias", alias, "version", Integer.toString(version)));
  }

  @Override
  public Optional<Integer> versionOf(String name, String alias) {
    if (LATEST.equalsIgnoreCase(alias)) {
      return rest.get("registered-models/get", Map.of("name", name))
          .map(found -> found.path("registered_model").path("latest_versions"))
          .flatMap(
              versions -> {
                Optional<Integer> newest = Optional.empty();
                for (JsonNode v : versions) {
                  int n = v.path("version").asInt();
                  newest = newest.isEmpty() || n > newest.get() ? Optional.of(n) : newest;
                }
                return newest;
              });
    }
    try {
      return rest.get("registered-models/alias", Map.of("name", name, "alias", alias))
          .map(found -> found.path("model_version").path("version").asInt());
    } catch (MlflowRest.MlflowRejectedException e) {
      // MLflow answers a missing alias with 400 INVALID_PARAMETER_VALUE, not 404.
      if (e.getMessage().contains("not found")) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public TrackedRun runOf(String name, int version) {
    JsonNode v = modelVersion(name, version);
    String source = v.path("source").asText();
    String[] parts = source.replaceFirst("^mlflow-artifacts:/+", "").split("/");
    return new TrackedRun(parts[0], v.path("run_id").asText());
  }

  @Override
  public Map<String, String> tags(String name, int version) {
    Map<String, String> tags = new LinkedHashMap<>();
    modelVersion(name, version)
        .path("tags")
        .forEach(t -> tags.put(t.path("key").asText(), t.path("value").asText()));
    return tags;
  }

  private JsonNode modelVersion(String name, int version) {
    return rest.get(
            "model-versions/get", Map.of("name", name, "version", Integer.toString(version)))
        .map(found -> found.path("model_version"))
        .orElseThrow(() -> new UnknownModelException(name + " has no version " + version));
  }
}
