package io.trainyard.contracts.sweep;

import java.util.Map;

/** Trial {@code trial} (from 1) was submitted as job {@code jobId} with these hyperparameters. */
public record TrialStarted(
    String sweepId, String owner, int trial, String jobId, Map<String, Object> hyperparameters)
    implements SweepEvent {

  public TrialStarted {
    hyperparameters = hyperparameters == null ? Map.of() : Map.copyOf(hyperparameters);
  }
}
