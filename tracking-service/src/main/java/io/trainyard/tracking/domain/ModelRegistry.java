package io.trainyard.tracking.domain;

import java.util.Map;
import java.util.Optional;

/** The model registry (MLflow). Idempotent: registering the same run twice gives one version. */
public interface ModelRegistry {

  /**
   * The version made from {@code runId}, created (and waited for until READY) if missing, in {@code
   * owner}'s model {@code name}: made for them if missing, never one someone else made.
   */
  int ensureVersion(String name, String owner, TrackedRun run, Map<String, String> tags);

  void setAlias(String name, String alias, int version);

  Optional<Integer> versionOf(String name, String alias);

  /** The run a version was made from. */
  TrackedRun runOf(String name, int version);

  Map<String, String> tags(String name, int version);
}
