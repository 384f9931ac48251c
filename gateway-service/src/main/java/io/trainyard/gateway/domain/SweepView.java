package io.trainyard.gateway.domain;

import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the gateway answers about a sweep, built only from its events; each trial's own standing
 * (status, epoch, metrics) is its job's view.
 */
public record SweepView(
    Spec spec,
    SweepStatus status,
    @Nullable String reason,
    List<Trial> trials,
    @Nullable Best best,
    Instant createdAt,
    Instant updatedAt) {

  public SweepView {
    trials = List.copyOf(trials);
  }

  /**
   * @param plannedTrials how many trials the method gives, known when the gateway accepts it
   * @param asha null for no early stopping
   */
  public record Spec(
      String id,
      String owner,
      String environment,
      String template,
      String method,
      @Nullable Integer trials,
      @Nullable Long seed,
      int plannedTrials,
      int maxConcurrent,
      String metric,
      String direction,
      @Nullable Asha asha,
      Map<String, Object> space,
      Map<String, Object> hyperparameters,
      int workers) {}

  public record Asha(int minEpochs, int reductionFactor) {}

  /** A trial as its sweep's events tell: what it tries, and early stopping's decision on it. */
  public record Trial(
      int number,
      String jobId,
      Map<String, Object> hyperparameters,
      @Nullable Integer stoppedAtEpoch,
      @Nullable String stopReason) {}

  public record Best(int trial, String jobId, double metric, Map<String, Object> hyperparameters) {}

  public String id() {
    return spec.id();
  }

  public String owner() {
    return spec.owner();
  }
}
