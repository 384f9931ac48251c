package io.trainyard.gateway.domain;

import io.trainyard.contracts.sweep.SweepCancelRequested;
import io.trainyard.contracts.sweep.SweepCompleted;
import io.trainyard.contracts.sweep.SweepEvent;
import io.trainyard.contracts.sweep.SweepPlan;
import io.trainyard.contracts.sweep.SweepRejected;
import io.trainyard.contracts.sweep.SweepRequested;
import io.trainyard.contracts.sweep.TrialStarted;
import io.trainyard.contracts.sweep.TrialStopped;
import io.trainyard.contracts.tracking.SweepRunCreated;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Folds sweep events into its view; an ended sweep keeps its end. */
public final class SweepProjection {

  private SweepProjection() {}

  public static Optional<SweepView> sweep(
      Optional<SweepView> current, SweepEvent event, Instant at) {
    if (event instanceof SweepRequested r) {
      return current.isPresent() ? Optional.empty() : Optional.of(requested(r, at));
    }
    if (current.isEmpty()) {
      return Optional.empty();
    }
    SweepView v = current.get();
    if (event instanceof SweepRejected r) {
      return Optional.of(
          with(v, SweepStatus.REJECTED, r.field() + ": " + r.reason(), v.trials(), v.best(), at));
    }
    if (v.status().ended()) {
      return Optional.empty();
    }
    if (event instanceof TrialStarted t) {
      if (v.trials().stream().anyMatch(x -> x.number() == t.trial())) {
        return Optional.empty();
      }
      List<SweepView.Trial> trials = new ArrayList<>(v.trials());
      trials.add(new SweepView.Trial(t.trial(), t.jobId(), t.hyperparameters(), null, null));
      trials.sort(java.util.Comparator.comparingInt(SweepView.Trial::number));
      SweepStatus status = v.status() == SweepStatus.SUBMITTED ? SweepStatus.RUNNING : v.status();
      return Optional.of(with(v, status, v.reason(), trials, v.best(), at));
    } else if (event instanceof TrialStopped s) {
      List<SweepView.Trial> trials =
          v.trials().stream()
              .map(
                  t ->
                      t.number() == s.trial()
                          ? new SweepView.Trial(
                              t.number(), t.jobId(), t.hyperparameters(), s.epoch(), s.reason())
                          : t)
              .toList();
      return Optional.of(with(v, v.status(), v.reason(), trials, v.best(), at));
    } else if (event instanceof SweepCancelRequested) {
      return Optional.of(with(v, SweepStatus.CANCELLING, v.reason(), v.trials(), v.best(), at));
    } else if (event instanceof SweepCompleted c) {
      SweepStatus status =
          switch (c.status()) {
            case SweepCompleted.SUCCEEDED -> SweepStatus.SUCCEEDED;
            case SweepCompleted.CANCELLED -> SweepStatus.CANCELLED;
            default -> SweepStatus.FAILED;
          };
      SweepView.Best best =
          c.bestJobId() == null
              ? null
              : new SweepView.Best(
                  c.bestTrial(), c.bestJobId(), c.bestMetric(), c.bestHyperparameters());
      return Optional.of(with(v, status, c.reason(), v.trials(), best, at));
    }
    return Optional.empty();
  }

  private static SweepView requested(SweepRequested r, Instant at) {
    int planned = SweepPlan.of(r, Optional.empty()).trials().size();
    SweepView.Spec spec =
        new SweepView.Spec(
            r.sweepId(),
            r.owner(),
            r.environment(),
            r.template() != null ? r.template() : "own-code",
            r.method(),
            r.trials(),
            r.seed(),
            planned,
            r.maxConcurrent(),
            r.metric(),
            r.direction(),
            r.asha() == null
                ? null
                : new SweepView.Asha(r.asha().minEpochs(), r.asha().reductionFactor()),
            Map.copyOf(r.space()),
            Map.copyOf(r.hyperparameters()),
            r.workers(),
            java.util.stream.Stream.of(r.code(), r.data())
                .filter(java.util.Objects::nonNull)
                .toList());
    return new SweepView(spec, SweepStatus.SUBMITTED, null, List.of(), null, null, at, at);
  }

  private static SweepView with(
      SweepView v,
      SweepStatus status,
      String reason,
      List<SweepView.Trial> trials,
      SweepView.Best best,
      Instant at) {
    return new SweepView(v.spec(), status, reason, trials, best, v.parentRun(), v.createdAt(), at);
  }

  /** The parent run is known whenever tracking made it, before or after the sweep ended. */
  public static SweepView parentRun(SweepView v, SweepRunCreated r, Instant at) {
    return new SweepView(
        v.spec(),
        v.status(),
        v.reason(),
        v.trials(),
        v.best(),
        new SweepView.Run(r.experimentId(), r.runId()),
        v.createdAt(),
        at);
  }
}
