package io.trainyard.tracking.domain;

import java.util.Map;
import java.util.Optional;

/** The model registry (MLflow). Idempotent: registering the same run twice gives one version. */
public interface ModelRegistry {

  /** The version made from {@code runId}, created (and waited for until READY) if missing. */
  int ensureVersion(String name, TrackedRun run, Map<String, String> tags);

  void setAlias(String name, String alias, int version);

  Optional<Integer> versionOf(String name, String alias);

  /** The run a version was made from. */
  TrackedRun runOf(String name, int version);

  Map<String, String> tags(String name, int version);
}
