package io.trainyard.gateway.domain;

import io.trainyard.contracts.job.FileRef;
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
    @Nullable Run parentRun,
    Instant createdAt,
    Instant updatedAt) {

  public SweepView {
    trials = List.copyOf(trials);
  }

  /**
   * @param plannedTrials how many trials the method gives, known when the gateway accepts it
   * @param asha null for no early stopping
   * @param uploads the own code and data every trial runs, until retention deletes them
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
      int workers,
      List<FileRef> uploads) {

    public Spec {
      uploads = uploads == null ? List.of() : List.copyOf(uploads);
    }
  }

  public record Asha(int minEpochs, int reductionFactor) {}

  /** A trial as its sweep's events tell: what it tries, and early stopping's decision on it. */
  public record Trial(
      int number,
      String jobId,
      Map<String, Object> hyperparameters,
      @Nullable Integer stoppedAtEpoch,
      @Nullable String stopReason) {}

  /** The sweep's parent run in MLflow, once tracking has made it. */
  public record Run(String experimentId, String runId) {}

  public record Best(int trial, String jobId, double metric, Map<String, Object> hyperparameters) {}

  /** The sweep's uploads are gone from the blob store: nothing is left to delete. */
  public SweepView withoutUploads() {
    Spec s = spec;
    return new SweepView(
        new Spec(
            s.id(),
            s.owner(),
            s.environment(),
            s.template(),
            s.method(),
            s.trials(),
            s.seed(),
            s.plannedTrials(),
            s.maxConcurrent(),
            s.metric(),
            s.direction(),
            s.asha(),
            s.space(),
            s.hyperparameters(),
            s.workers(),
            List.of()),
        status,
        reason,
        trials,
        best,
        parentRun,
        createdAt,
        updatedAt);
  }

  public String id() {
    return spec.id();
  }

  public String owner() {
    return spec.owner();
  }
}
