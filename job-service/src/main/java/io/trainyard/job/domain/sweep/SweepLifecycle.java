package io.trainyard.job.domain.sweep;

import io.trainyard.contracts.TrainyardEvent;
import io.trainyard.contracts.job.JobCancelled;
import io.trainyard.contracts.job.JobEvent;
import io.trainyard.contracts.job.JobFailed;
import io.trainyard.contracts.job.JobPaused;
import io.trainyard.contracts.job.JobProgressed;
import io.trainyard.contracts.job.JobRejected;
import io.trainyard.contracts.job.JobSubmitted;
import io.trainyard.contracts.job.JobSucceeded;
import io.trainyard.contracts.sweep.SweepCancelRequested;
import io.trainyard.contracts.sweep.SweepCompleted;
import io.trainyard.contracts.sweep.SweepPlan;
import io.trainyard.contracts.sweep.SweepRejected;
import io.trainyard.contracts.sweep.SweepRequested;
import io.trainyard.contracts.sweep.TrialPromoted;
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
import java.util.Optional;
import java.util.TreeSet;

/**
 * A sweep's state machine: its trials wait, run as jobs (at most {@code maxConcurrent} at once),
 * pause at each rung when early stopping is on and are promoted or stopped there ({@link Asha}),
 * and end with their jobs; when all have ended the sweep completes with its best trial. A free
 * place goes to a promotion first, the highest rung first, then to a waiting trial. Pure: each step
 * takes the sweep and what happened to a trial.
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
      Step step = new Step(rejected);
      step.events.add(request);
      step.events.add(
          new SweepRejected(request.sweepId(), request.owner(), first.field(), first.reason()));
      return step.done();
    }
    List<Trial> trials = new ArrayList<>();
    for (Map<String, Object> hp : plan.trials()) {
      int n = trials.size() + 1;
      trials.add(Trial.waiting(n, SweepPlan.trialJobId(request.sweepId(), n), hp));
    }
    Step step = new Step(new Sweep(request, Status.RUNNING, null, false, trials, clock.instant()));
    step.events.add(request);
    return fill(step);
  }

  /** What a trial's job did: progress is followed, a pause is judged, an end frees a place. */
  public SweepStep trial(Sweep sweep, JobEvent event) {
    Optional<Trial> found = sweep.trialOf(event.jobId());
    if (found.isEmpty() || found.get().status().ended()) {
      return SweepStep.none();
    }
    Trial trial = found.get();
    if (event instanceof JobProgressed p) {
      Double value = p.metrics().get(sweep.spec().metric());
      Trial next = trial.progressed(p.epoch(), value != null ? value : trial.metric(), p.epochs());
      return next.equals(trial)
          ? SweepStep.none()
          : new Step(sweep.withTrial(trial.number(), t -> next, clock.instant())).done();
    }
    if (event instanceof JobPaused p) {
      if (trial.status() != TrialStatus.RUNNING) {
        return SweepStep.none();
      }
      // The metric of the epoch it paused after; none reported there ranks last.
      double value =
          trial.epoch() == p.epoch() && trial.metric() != null ? trial.metric() : Double.NaN;
      return fill(
          new Step(
              sweep.withTrial(
                  trial.number(), t -> t.pausedAt(p.epoch(), value, p.epochs()), clock.instant())));
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
            t -> t.progressed(t.epoch(), last != null ? last : t.metric(), t.epochs()).with(end),
            clock.instant());
    return fill(new Step(after));
  }

  /** The owner's cancel: waiting trials never start, running and paused ones are stopped. */
  public SweepStep cancelRequested(Optional<Sweep> existing, SweepCancelRequested request) {
    String owner = request.owner();
    if (existing.isEmpty()
        || !existing.get().owner().equals(owner)
        || existing.get().status().terminal()
        || existing.get().cancelRequested()) {
      return SweepStep.none();
    }
    Step step = new Step(existing.get().cancelling(clock.instant()));
    step.events.add(request);
    for (Trial t : step.sweep.trials()) {
      if (t.status() == TrialStatus.WAITING) {
        step.sweep =
            step.sweep.withTrial(t.number(), x -> x.with(TrialStatus.CANCELLED), clock.instant());
      } else if (t.status() == TrialStatus.RUNNING || t.undecided()) {
        step.stop.put(t.jobId(), "cancelled with sweep " + step.sweep.id() + " by " + owner);
      }
    }
    return fill(step);
  }

  /**
   * Stops the paused trials early stopping gives up on, then fills free places: a promotion first,
   * else a waiting trial; completes the sweep when every trial has ended.
   */
  private SweepStep fill(Step step) {
    Optional<Asha> asha = asha(step.sweep.spec());
    while (!step.sweep.cancelRequested()) {
      List<Judged> decisions = asha.map(a -> judge(a, step.sweep)).orElse(List.of());
      List<Judged> stops =
          decisions.stream().filter(d -> d.decision() instanceof Asha.Decision.Stop).toList();
      if (!stops.isEmpty()) {
        stops.forEach(step::stop);
        continue;
      }
      if (step.sweep.running() >= step.sweep.spec().maxConcurrent()) {
        break;
      }
      Optional<Judged> promotion = decisions.stream().findFirst();
      if (promotion.isPresent()) {
        step.promote(asha.orElseThrow(), promotion.get());
        continue;
      }
      Optional<Trial> waiting =
          step.sweep.trials().stream().filter(t -> t.status() == TrialStatus.WAITING).findFirst();
      if (waiting.isEmpty()) {
        break;
      }
      step.start(waiting.get(), asha.map(Asha::minEpochs).orElse(null));
    }
    if (step.sweep.trials().stream().allMatch(t -> t.status().ended())) {
      complete(step);
    }
    return step.done();
  }

  /** A decision on one trial at one rung. */
  private record Judged(Trial trial, int rung, Asha.Decision decision) {}

  /** Every rung's decisions, the highest rung first and, within one, the best trial first. */
  private static List<Judged> judge(Asha asha, Sweep sweep) {
    TreeSet<Integer> rungs = new TreeSet<>(Comparator.reverseOrder());
    sweep.trials().forEach(t -> rungs.addAll(t.rungs().keySet()));
    List<Judged> out = new ArrayList<>();
    for (int rung : rungs) {
      List<Asha.Entry> entries = new ArrayList<>();
      int stillComing = 0;
      for (Trial t : sweep.trials()) {
        Double value = t.rungs().get(rung);
        if (value != null) {
          entries.add(new Asha.Entry(t.number(), value, t.undecided() && t.lastRung() == rung));
        } else if (mayReach(t, rung)) {
          stillComing++;
        }
      }
      for (Asha.Decision d : asha.atRung(rung, sweep.spec().metric(), entries, stillComing)) {
        out.add(new Judged(sweep.trials().get(d.trial() - 1), rung, d));
      }
    }
    return out;
  }

  /** Whether a trial that has not recorded {@code rung} may still: not ended, nor given up on. */
  private static boolean mayReach(Trial t, int rung) {
    return !t.status().ended()
        && t.stopReason() == null
        && (t.epochs() == null || t.epochs() > rung);
  }

  private void complete(Step step) {
    Sweep sweep = step.sweep;
    Comparator<Trial> byMetric = Comparator.comparingDouble(Trial::metric);
    Optional<Trial> best =
        sweep.trials().stream()
            .filter(t -> t.status() == TrialStatus.SUCCEEDED)
            .filter(t -> t.metric() != null && Double.isFinite(t.metric()))
            .max(direction(sweep.spec()) == Direction.MAX ? byMetric : byMetric.reversed());
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
    step.events.add(
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
    step.sweep = sweep.with(next, reason, clock.instant());
  }

  private static Double finite(Double value) {
    return value != null && Double.isFinite(value) ? value : null;
  }

  private static Optional<Asha> asha(SweepRequested spec) {
    SweepRequested.EarlyStopping rule = spec.asha();
    return rule == null
        ? Optional.empty()
        : Optional.of(new Asha(rule.minEpochs(), rule.reductionFactor(), direction(spec)));
  }

  private static Direction direction(SweepRequested spec) {
    return "min".equals(spec.direction()) ? Direction.MIN : Direction.MAX;
  }

  /** The step being made: the sweep as it changes, and what it asks for. */
  private final class Step {
    private Sweep sweep;
    private final List<TrainyardEvent> events = new ArrayList<>();
    private final List<SweepStep.Submit> submit = new ArrayList<>();
    private final List<SweepStep.Resume> resume = new ArrayList<>();
    private final Map<String, String> stop = new LinkedHashMap<>();

    Step(Sweep sweep) {
      this.sweep = sweep;
    }

    void start(Trial t, Integer pauseAt) {
      SweepRequested spec = sweep.spec();
      sweep = sweep.withTrial(t.number(), x -> x.with(TrialStatus.RUNNING), clock.instant());
      events.add(
          new TrialStarted(sweep.id(), sweep.owner(), t.number(), t.jobId(), t.hyperparameters()));
      submit.add(
          new SweepStep.Submit(
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
                  spec.sweepId()),
              pauseAt));
    }

    void promote(Asha asha, Judged j) {
      Trial t = j.trial();
      int until = asha.next(j.rung(), t.epochs());
      sweep = sweep.withTrial(t.number(), x -> x.with(TrialStatus.RUNNING), clock.instant());
      String reason = j.decision().reason();
      events.add(
          new TrialPromoted(
              sweep.id(),
              sweep.owner(),
              t.number(),
              t.jobId(),
              j.rung(),
              t.rungs().get(j.rung()),
              until,
              reason));
      resume.add(new SweepStep.Resume(t.jobId(), until < t.epochs() ? until : null, reason));
    }

    void stop(Judged j) {
      Trial t = j.trial();
      String reason = j.decision().reason();
      sweep = sweep.withTrial(t.number(), x -> x.stopping(reason), clock.instant());
      events.add(
          new TrialStopped(
              sweep.id(),
              sweep.owner(),
              t.number(),
              t.jobId(),
              j.rung(),
              finite(t.rungs().get(j.rung())),
              reason));
      stop.put(t.jobId(), reason);
    }

    SweepStep done() {
      return new SweepStep(Optional.of(sweep), events, submit, resume, stop);
    }
  }
}
