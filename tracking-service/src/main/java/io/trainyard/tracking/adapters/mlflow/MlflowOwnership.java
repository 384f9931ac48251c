package io.trainyard.tracking.adapters.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.platform.mlflow.MlflowAccounts;
import io.trainyard.tracking.adapters.mlflow.MlflowRest.MlflowRejectedException;
import io.trainyard.tracking.domain.UserAccounts;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Who owns what on MLflow. Each user has an account with the password {@link MlflowAccounts}
 * derives; each user's experiment and registered models are created here, as admin, carrying a
 * guard tag only the platform can compute, and their owner is granted MANAGE. One with the right
 * name but no valid guard was made first by someone else: it is renamed out of the way, never
 * adopted, so nobody can own another user's future runs and versions by creating them first.
 */
@Component
class MlflowOwnership implements UserAccounts {

  static final String GUARD_TAG = "trainyard.guard";
  static final String OWNER_TAG = "trainyard.owner";
  static final String EXPERIMENT = "experiment";
  static final String MODEL = "registered_model";
  private static final String GRANT = "/api/3.0/mlflow/users/permissions/grant";
  private static final Logger log = LoggerFactory.getLogger(MlflowOwnership.class);

  private final MlflowRest rest;
  private final MlflowAccounts accounts;
  private final Clock clock;
  private final Set<String> known = ConcurrentHashMap.newKeySet();

  MlflowOwnership(MlflowRest rest, MlflowAccounts accounts, Clock clock) {
    this.rest = rest;
    this.accounts = accounts;
    this.clock = clock;
  }

  /** The user's account, created, or given back its derived password if it was changed. */
  @Override
  public void ensure(String username) {
    if (known.contains(username)) {
      return;
    }
    Map<String, String> body =
        Map.of("username", username, "password", accounts.password(username));
    try {
      rest.post("users/create", body);
    } catch (MlflowRejectedException e) {
      if (!e.getMessage().contains("RESOURCE_ALREADY_EXISTS")) {
        throw e;
      }
      rest.send("PATCH", "/api/2.0/mlflow/users/update-password", body);
    }
    known.add(username);
  }

  /** The owner's experiment's id: theirs if it exists, else made now. */
  String ensureExperiment(String name, String owner) {
    ensure(owner);
    Optional<JsonNode> found = experiment(name);
    if (found.isPresent() && !guarded(found.get(), EXPERIMENT, name, owner)) {
      moveAside(found.get());
      found = Optional.empty();
    }
    String id;
    if (found.isPresent()) {
      id = found.get().path("experiment_id").asText();
      if ("deleted".equals(found.get().path("lifecycle_stage").asText())) {
        // Deleted by its owner: the platform's runs for them still go to it.
        rest.post("experiments/restore", Map.of("experiment_id", id));
      }
    } else {
      try {
        id =
            rest.post(
                    "experiments/create",
                    Map.of("name", name, "tags", tags(EXPERIMENT, name, owner)))
                .path("experiment_id")
                .asText();
      } catch (MlflowRejectedException e) {
        if (!e.getMessage().contains("RESOURCE_ALREADY_EXISTS")) {
          throw e;
        }
        // Made between our look and our create: by another replica, or by a squatter.
        return ensureExperiment(name, owner);
      }
    }
    grant(owner, EXPERIMENT, id);
    return id;
  }

  /** The owner's registered model, made now unless theirs exists. */
  void ensureModel(String name, String owner) {
    ensure(owner);
    Optional<JsonNode> found =
        rest.get("registered-models/get", Map.of("name", name))
            .map(answer -> answer.path("registered_model"));
    if (found.isPresent() && !guarded(found.get(), MODEL, name, owner)) {
      String aside = "squatted-" + name + "-" + clock.millis();
      log.warn(
          "registered model {} was not made by Trainyard for {}: renamed {}", name, owner, aside);
      rest.post("registered-models/rename", Map.of("name", name, "new_name", aside));
      found = Optional.empty();
    }
    if (found.isEmpty()) {
      try {
        rest.post(
            "registered-models/create", Map.of("name", name, "tags", tags(MODEL, name, owner)));
      } catch (MlflowRejectedException e) {
        if (!e.getMessage().contains("RESOURCE_ALREADY_EXISTS")) {
          throw e;
        }
        ensureModel(name, owner);
        return;
      }
    }
    grant(owner, MODEL, name);
  }

  private Optional<JsonNode> experiment(String name) {
    try {
      return rest.get("experiments/get-by-name", Map.of("experiment_name", name))
          .map(answer -> answer.path("experiment"));
    } catch (MlflowRejectedException e) {
      // MLflow answers an unknown name with RESOURCE_DOES_NOT_EXIST as 404 or 400, by version.
      if (e.getMessage().contains("RESOURCE_DOES_NOT_EXIST")) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Renames a squatted experiment; a deleted one is restored for that and deleted again. */
  private void moveAside(JsonNode experiment) {
    String id = experiment.path("experiment_id").asText();
    String name = experiment.path("name").asText();
    String aside = "squatted/" + name + "/" + id;
    log.warn("experiment {} was not made by Trainyard: renamed {}", name, aside);
    boolean deleted = "deleted".equals(experiment.path("lifecycle_stage").asText());
    if (deleted) {
      rest.post("experiments/restore", Map.of("experiment_id", id));
    }
    rest.post("experiments/update", Map.of("experiment_id", id, "new_name", aside));
    if (deleted) {
      rest.post("experiments/delete", Map.of("experiment_id", id));
    }
  }

  private boolean guarded(JsonNode resource, String kind, String name, String owner) {
    for (JsonNode tag : resource.path("tags")) {
      if (GUARD_TAG.equals(tag.path("key").asText())) {
        return accounts.guards(kind, name, owner, tag.path("value").asText());
      }
    }
    return false;
  }

  private List<Map<String, String>> tags(String kind, String name, String owner) {
    return List.of(
        Map.of("key", GUARD_TAG, "value", accounts.guard(kind, name, owner)),
        Map.of("key", OWNER_TAG, "value", owner));
  }

  private void grant(String owner, String kind, String id) {
    try {
      rest.send(
          "POST",
          GRANT,
          Map.of(
              "username", owner, "resource_type", kind, "resource_id", id, "permission", "MANAGE"));
    } catch (MlflowRejectedException e) {
      if (!e.getMessage().contains("RESOURCE_ALREADY_EXISTS")) {
        throw e;
      }
    }
  }
}
