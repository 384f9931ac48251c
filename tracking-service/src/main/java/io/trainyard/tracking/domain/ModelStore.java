package io.trainyard.tracking.domain;

import java.nio.file.Path;

/**
 * A run's trained model: an MLflow pytorch-flavor directory at the run's artifact path {@code
 * model}, holding TorchScript, so MLflow's Python client and DJL both load it.
 */
public interface ModelStore {

  boolean hasModel(TrackedRun run);

  /** Copies a model directory that the executor left elsewhere (file: URI) into the run. */
  void upload(TrackedRun run, String modelUri);

  /** A local copy of the run's TorchScript file. */
  Path downloadTorchScript(TrackedRun run);
}
