package io.trainyard.job.domain.sweep;

import io.trainyard.contracts.TrainyardEvent;
import io.trainyard.contracts.job.JobCancelled;
import io.trainyard.contracts.job.JobEvent;
import io.trainyard.contracts.job.JobFailed;
import io.trainyard.contracts.job.JobProgressed;
import io.trainyard.contracts.job.JobRejected;
import io.trainyard.contracts.job.JobSubmitted;
import io.trainyard.contracts.job.JobSucceeded;
import io.trainyard.contracts.sweep.SweepCancelRequested;
import io.trainyard.contracts.sweep.SweepCompleted;
import io.trainyard.contracts.sweep.SweepPlan;
import io.trainyard.contracts.sweep.SweepRejected;
import io.trainyard.contracts.sweep.SweepRequested;
import io.trainyard.contracts.sweep.TrialStarted;
import io.trainyard.contracts.sweep.TrialStopped;
import io.trainyard.contracts.template.Template.Direction;
import io.trainyard.job.domain.sweep.Sweep.Status;
import io.trainyard.job.domain.sweep.Sweep.Trial;
import io.trainyard.job.domain.sweep.Sweep.TrialStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A sweep's state machine: its trials wait, run as jobs (at most {@code maxConcurrent} at once),
 * are stopped at a rung by early stopping, and end with their jobs; when all have ended the sweep
 * completes with its best trial. Pure: each step takes the sweep and what happened to a trial.
 */
public class SweepLifecycle {

  private final Clock clock;

  public SweepLifecycle(Clock clock) {
    this.clock = clock;
  }

  /** A repeated request changes nothing; a wrong one is rejected naming its field. */
  public SweepStep requested(
      Optional<Sweep> existing, SweepRequested request, Optional<Integer> environmentWorkers) {
    if (existing.isPresent()) {
      return SweepStep.none();
    }
    SweepPlan.Result plan = SweepPlan.of(request, environmentWorkers);
    if (!plan.violations().isEmpty()) {
      var first = plan.violations().get(0);
      Sweep rejected =
          new Sweep(
              request,
              Status.REJECTED,
              first.field() + ": " + first.reason(),
              false,
              List.of(),
              clock.instant());
      return new SweepStep(
          Optional.of(rejected),
          List.of(
              request,
              new SweepRejected(request.sweepId(), request.owner(), first.field(), first.reason())),
          List.of(),
          Map.of());
    }
    List<Trial> trials = new ArrayList<>();
    for (Map<String, Object> hp : plan.trials()) {
      int n = trials.size() + 1;
      trials.add(
          new Trial(
              n,
              SweepPlan.trialJobId(request.sweepId(), n),
              hp,
              TrialStatus.WAITING,
              Map.of(),
              0,
              null,
              null));
    }
    Sweep sweep = new Sweep(request, Status.RUNNING, null, false, trials, clock.instant());
    List<TrainyardEvent> events = new ArrayList<>(List.of(request));
    return fill(sweep, events, Map.of());
  }

  /** What a trial's job did: progress is measured at the rungs, an end frees a place. */
  public SweepStep trial(Sweep sweep, JobEvent event) {
    Optional<Trial> found = sweep.trialOf(event.jobId());
    if (found.isEmpty() || found.get().status().ended()) {
      return SweepStep.none();
    }
    Trial trial = found.get();
    if (event instanceof JobProgressed p) {
      return progressed(sweep, trial, p);
    }
    TrialStatus end;
    Map<String, Double> metrics = Map.of();
    if (event instanceof JobSucceeded s) {
      end = TrialStatus.SUCCEEDED;
      metrics = s.metrics();
    } else if (event instanceof JobCancelled) {
      end = trial.stopReason() != null ? TrialStatus.STOPPED : TrialStatus.CANCELLED;
    } else if (event instanceof JobRejected || (event instanceof JobFailed f && !f.retriable())) {
      end = TrialStatus.FAILED;
    } else {
      return SweepStep.none();
    }
    Double last = metrics.get(sweep.spec().metric());
    Sweep after =
        sweep.withTrial(
            trial.number(),
            t -> t.progressed(t.epoch(), last != null ? last : t.metric()).with(end),
            clock.instant());
    return fill(after, new ArrayList<>(), Map.of());
  }

  /** The owner's cancel: waiting trials never start, running ones are stopped. */
  public SweepStep cancelRequested(Optional<Sweep> existing, SweepCancelRequested request) {
    String owner = request.owner();
    if (existing.isEmpty()
        || !existing.get().owner().equals(owner)
        || existing.get().status().terminal()
        || existing.get().cancelRequested()) {
      return SweepStep.none();
    }
    Sweep sweep = existing.get().cancelling(clock.instant());
    Map<String, String> stop = new LinkedHashMap<>();
    for (Trial t : sweep.trials()) {
      if (t.status() == TrialStatus.WAITING) {
        sweep = sweep.withTrial(t.number(), x -> x.with(TrialStatus.CANCELLED), clock.instant());
      } else if (t.status() == TrialStatus.RUNNING) {
        stop.put(t.jobId(), "cancelled with sweep " + sweep.id() + " by " + owner);
      }
    }
    return fill(sweep, new ArrayList<>(List.of(request)), stop);
  }

  private SweepStep progressed(Sweep sweep, Trial trial, JobProgressed p) {
    Double value = p.metrics().get(sweep.spec().metric());
    Trial next = trial.progressed(p.epoch(), value != null ? value : trial.metric());
    List<TrainyardEvent> events = new ArrayList<>();
    Map<String, String> stop = new LinkedHashMap<>();
    SweepRequested.EarlyStopping rule = sweep.spec().asha();
    if (rule != null
        && value != null
        && trial.stopReason() == null
        && !trial.rungs().containsKey(p.epoch())
        && p.epochs() >= rule.minEpochs()) {
      Asha asha = new Asha(rule.minEpochs(), rule.reductionFactor(), p.epochs(), direction(sweep));
      if (asha.isRung(p.epoch())) {
        List<Double> recorded =
            sweep.trials().stream()
                .filter(t -> t.number() != trial.number())
                .map(t -> t.rungs().get(p.epoch()))
                .filter(Objects::nonNull)
                .toList();
        Asha.Decision decision = asha.atRung(p.epoch(), sweep.spec().metric(), value, recorded);
        String reason = decision instanceof Asha.Decision.Stop s ? s.reason() : null;
        next = next.atRung(p.epoch(), value, reason);
        if (reason != null) {
          events.add(
              new TrialStopped(
                  sweep.id(),
                  sweep.owner(),
                  trial.number(),
                  trial.jobId(),
                  p.epoch(),
                  value,
                  reason));
          stop.put(trial.jobId(), reason);
        }
      }
    }
    if (next.equals(trial)) {
      return SweepStep.none();
    }
    Trial changed = next;
    return new SweepStep(
        Optional.of(sweep.withTrial(trial.number(), t -> changed, clock.instant())),
        events,
        List.of(),
        stop);
  }

  /** Starts waiting trials while places are free; completes the sweep when none is left. */
  private SweepStep fill(Sweep sweep, List<TrainyardEvent> events, Map<String, String> stop) {
    List<JobSubmitted> submit = new ArrayList<>();
    SweepRequested spec = sweep.spec();
    for (Trial t : sweep.trials()) {
      if (sweep.cancelRequested() || sweep.running() >= spec.maxConcurrent()) {
        break;
      }
      if (t.status() == TrialStatus.WAITING) {
        sweep = sweep.withTrial(t.number(), x -> x.with(TrialStatus.RUNNING), clock.instant());
        events.add(
            new TrialStarted(
                sweep.id(), sweep.owner(), t.number(), t.jobId(), t.hyperparameters()));
        submit.add(
            new JobSubmitted(
                t.jobId(),
                spec.owner(),
                spec.environment(),
                spec.template(),
                spec.code(),
                spec.data(),
                t.hyperparameters(),
                spec.workers(),
                spec.resources(),
                spec.executor(),
                spec.sweepId()));
      }
    }
    if (sweep.trials().stream().allMatch(t -> t.status().ended())) {
      sweep = complete(sweep, events);
    }
    return new SweepStep(Optional.of(sweep), events, submit, stop);
  }

  private Sweep complete(Sweep sweep, List<TrainyardEvent> events) {
    Direction direction = direction(sweep);
    Comparator<Trial> byMetric = Comparator.comparingDouble(Trial::metric);
    Optional<Trial> best =
        sweep.trials().stream()
            .filter(t -> t.status() == TrialStatus.SUCCEEDED)
            .filter(t -> t.metric() != null && Double.isFinite(t.metric()))
            .max(direction == Direction.MAX ? byMetric : byMetric.reversed());
    String status;
    String reason;
    if (sweep.cancelRequested()) {
      status = SweepCompleted.CANCELLED;
      reason = "cancelled by " + sweep.owner();
    } else if (best.isPresent()) {
      status = SweepCompleted.SUCCEEDED;
      reason = null;
    } else {
      status = SweepCompleted.FAILED;
      reason = "no trial trained to the end with a " + sweep.spec().metric();
    }
    events.add(
        new SweepCompleted(
            sweep.id(),
            sweep.owner(),
            status,
            reason,
            best.map(Trial::number).orElse(null),
            best.map(Trial::jobId).orElse(null),
            best.map(Trial::metric).orElse(null),
            best.map(Trial::hyperparameters).orElse(Map.of())));
    Status next =
        switch (status) {
          case SweepCompleted.SUCCEEDED -> Status.SUCCEEDED;
          case SweepCompleted.CANCELLED -> Status.CANCELLED;
          default -> Status.FAILED;
        };
    return sweep.with(next, reason, clock.instant());
  }

  private static Direction direction(Sweep sweep) {
    return "min".equals(sweep.spec().direction()) ? Direction.MIN : Direction.MAX;
  }
}
