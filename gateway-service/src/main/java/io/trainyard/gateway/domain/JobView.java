package io.trainyard.gateway.domain;

import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the gateway answers about a job, built only from events: what was asked for (fixed at
 * submission), where it stands, and what tracking made of it.
 */
public record JobView(
    Spec spec,
    State state,
    String mlflowExperimentId,
    String mlflowRunId,
    ModelRef model,
    Instant createdAt,
    Instant updatedAt) {

  public record Spec(
      String id,
      String owner,
      String environment,
      String template,
      String executor,
      int workers,
      Map<String, Object> hyperparameters,
      String codeFile,
      String dataFile,
      List<io.trainyard.contracts.job.FileRef> uploads,
      @Nullable String sweep) {

    public Spec {
      uploads = uploads == null ? List.of() : List.copyOf(uploads);
    }
  }

  public record State(
      JobStatus status,
      int attempt,
      Integer queuePosition,
      @Nullable String reason,
      Progress progress,
      Map<String, Double> metrics,
      List<Attempt> attempts) {}

  /** Epochs done of all; {@code percent} is what a progress bar shows. */
  public record Progress(int epoch, int epochs, long step) {
    public int percent() {
      return epochs <= 0 ? 0 : Math.min(100, Math.round(100f * epoch / epochs));
    }
  }

  public record Attempt(
      int number,
      JobStatus status,
      @Nullable Instant startedAt,
      @Nullable Instant endedAt,
      @Nullable String reason) {}

  public record ModelRef(String name, int version) {}

  public String id() {
    return spec.id();
  }

  public String owner() {
    return spec.owner();
  }

  public JobStatus status() {
    return state.status();
  }

  JobView with(State next, Instant at) {
    return new JobView(spec, next, mlflowExperimentId, mlflowRunId, model, createdAt, at);
  }

  JobView withRun(String experimentId, String runId, Instant at) {
    return new JobView(spec, state, experimentId, runId, model, createdAt, at);
  }

  /** The job's uploads are gone from the blob store: nothing is left to delete. */
  public JobView withoutUploads() {
    JobView.Spec s = spec;
    return new JobView(
        new Spec(
            s.id(),
            s.owner(),
            s.environment(),
            s.template(),
            s.executor(),
            s.workers(),
            s.hyperparameters(),
            s.codeFile(),
            s.dataFile(),
            List.of(),
            s.sweep()),
        state,
        mlflowExperimentId,
        mlflowRunId,
        model,
        createdAt,
        updatedAt);
  }

  JobView withModel(ModelRef registered, Instant at) {
    return new JobView(spec, state, mlflowExperimentId, mlflowRunId, registered, createdAt, at);
  }
}
