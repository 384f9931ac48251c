package io.trainyard.gateway.api;

import io.trainyard.gateway.domain.JobStatus;
import io.trainyard.gateway.domain.JobView;
import io.trainyard.gateway.domain.SweepStatus;
import io.trainyard.gateway.domain.SweepView;
import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A sweep as the API shows it, each trial with its job's standing; {@code mlflowRunUrl} and {@code
 * model} are the best trial's, {@code mlflowParentRunUrl} the sweep's own run. Names are public
 * contract.
 */
record SweepResponse(
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
    @Nullable SweepView.Asha asha,
    Map<String, Object> space,
    Map<String, Object> hyperparameters,
    int workers,
    SweepStatus status,
    boolean ended,
    @Nullable String reason,
    List<Trial> trialList,
    @Nullable Best best,
    @Nullable String mlflowRunUrl,
    @Nullable String mlflowParentRunUrl,
    @Nullable JobView.ModelRef model,
    Instant createdAt,
    Instant updatedAt) {

  /**
   * @param status the job's, or STOPPED when early stopping ended it
   * @param rung the highest rung the trial reached (an epoch), when early stopping is on
   */
  record Trial(
      int number,
      String jobId,
      Map<String, Object> hyperparameters,
      String status,
      @Nullable Integer epoch,
      @Nullable Integer epochs,
      @Nullable Integer rung,
      @Nullable Double metric,
      Map<String, Double> metrics,
      @Nullable String reason,
      @Nullable String mlflowRunUrl) {}

  /** The best trial: settled, the sweep's at its end; else the best metric so far. */
  record Best(
      int trial,
      String jobId,
      double metric,
      Map<String, Object> hyperparameters,
      boolean settled) {}

  static SweepResponse of(SweepView s, List<JobView> jobs) {
    Map<String, JobView> byId =
        jobs.stream().collect(Collectors.toMap(JobView::id, Function.identity(), (a, b) -> a));
    SweepView.Spec spec = s.spec();
    List<Trial> trials = s.trials().stream().map(t -> trial(spec, t, byId.get(t.jobId()))).toList();
    Best best =
        s.best() != null
            ? new Best(
                s.best().trial(),
                s.best().jobId(),
                s.best().metric(),
                s.best().hyperparameters(),
                true)
            : soFar(spec, trials);
    Optional<JobView> bestJob = Optional.ofNullable(best).map(b -> byId.get(b.jobId()));
    String runUrl = bestJob.map(JobResponse::of).map(JobResponse::mlflowRunUrl).orElse(null);
    return new SweepResponse(
        spec.id(),
        spec.owner(),
        spec.environment(),
        spec.template(),
        spec.method(),
        spec.trials(),
        spec.seed(),
        spec.plannedTrials(),
        spec.maxConcurrent(),
        spec.metric(),
        spec.direction(),
        spec.asha(),
        spec.space(),
        spec.hyperparameters(),
        spec.workers(),
        s.status(),
        s.status().ended(),
        s.reason(),
        trials,
        best,
        runUrl,
        s.parentRun() == null
            ? null
            : JobResponse.runUrl(s.parentRun().experimentId(), s.parentRun().runId()),
        bestJob.map(JobView::model).orElse(null),
        s.createdAt(),
        s.updatedAt());
  }

  private static Trial trial(SweepView.Spec spec, SweepView.Trial t, @Nullable JobView job) {
    if (job == null) {
      return new Trial(
          t.number(),
          t.jobId(),
          t.hyperparameters(),
          JobStatus.SUBMITTED.name(),
          null,
          null,
          null,
          null,
          Map.of(),
          t.stopReason(),
          null);
    }
    JobView.Progress p = job.state().progress();
    Integer epoch = p == null ? null : p.epoch();
    boolean stopped = t.stopReason() != null && job.status() == JobStatus.CANCELLED;
    return new Trial(
        t.number(),
        t.jobId(),
        t.hyperparameters(),
        stopped ? "STOPPED" : job.status().name(),
        epoch,
        p == null ? null : p.epochs(),
        rung(
            spec.asha(),
            t.stoppedAtEpoch() != null ? t.stoppedAtEpoch() : epoch,
            p == null ? null : p.epochs()),
        job.state().metrics().get(spec.metric()),
        job.state().metrics(),
        t.stopReason() != null ? t.stopReason() : job.state().reason(),
        JobResponse.of(job).mlflowRunUrl());
  }

  /** The highest of minEpochs × η^k that is at most {@code epoch} and below the full epochs. */
  static Integer rung(
      @Nullable SweepView.Asha asha, @Nullable Integer epoch, @Nullable Integer epochs) {
    if (asha == null || epoch == null || epoch < asha.minEpochs()) {
      return null;
    }
    long rung = asha.minEpochs();
    while (rung * asha.reductionFactor() <= epoch
        && (epochs == null || rung * asha.reductionFactor() < epochs)) {
      rung *= asha.reductionFactor();
    }
    return (int) rung;
  }

  private static Best soFar(SweepView.Spec spec, List<Trial> trials) {
    Comparator<Trial> byMetric = Comparator.comparingDouble(Trial::metric);
    return trials.stream()
        .filter(t -> t.metric() != null && Double.isFinite(t.metric()))
        .max("min".equals(spec.direction()) ? byMetric.reversed() : byMetric)
        .map(t -> new Best(t.number(), t.jobId(), t.metric(), t.hyperparameters(), false))
        .orElse(null);
  }
}
