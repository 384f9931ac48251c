package io.trainyard.job.domain.sweep;

import io.trainyard.contracts.sweep.SweepRequested;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * A sweep as job-service runs it: what was asked for and each trial's standing. Immutable.
 *
 * @param cancelRequested the owner asked to stop it; trials still running are being stopped
 */
public record Sweep(
    SweepRequested spec,
    Status status,
    String reason,
    boolean cancelRequested,
    List<Trial> trials,
    Instant updatedAt) {

  public enum Status {
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED,
    REJECTED;

    public boolean terminal() {
      return this != RUNNING;
    }
  }

  public enum TrialStatus {
    WAITING,
    RUNNING,
    /** At a rung, its job paused, until early stopping promotes or stops it. */
    PAUSED,
    SUCCEEDED,
    STOPPED,
    FAILED,
    CANCELLED;

    public boolean ended() {
      return this != WAITING && this != RUNNING && this != PAUSED;
    }
  }

  /**
   * @param rungs the metric at each rung the trial paused at, as early stopping recorded it
   * @param stopReason early stopping's decision, once made; the trial is STOPPED when its job ends
   * @param metric the latest value of the sweep's metric
   * @param epochs how many epochs it trains in all, once its job has said
   */
  public record Trial(
      int number,
      String jobId,
      Map<String, Object> hyperparameters,
      TrialStatus status,
      Map<Integer, Double> rungs,
      int epoch,
      Double metric,
      String stopReason,
      Integer epochs) {

    public Trial {
      hyperparameters = Map.copyOf(hyperparameters);
      rungs = java.util.Collections.unmodifiableMap(new TreeMap<>(rungs));
    }

    static Trial waiting(int number, String jobId, Map<String, Object> hyperparameters) {
      return new Trial(
          number, jobId, hyperparameters, TrialStatus.WAITING, Map.of(), 0, null, null, null);
    }

    Trial with(TrialStatus next) {
      return new Trial(
          number, jobId, hyperparameters, next, rungs, epoch, metric, stopReason, epochs);
    }

    Trial progressed(int atEpoch, Double latest, Integer of) {
      return new Trial(
          number, jobId, hyperparameters, status, rungs, atEpoch, latest, stopReason, of);
    }

    /** Paused at rung {@code rung} with {@code value}, the metric it had there. */
    Trial pausedAt(int rung, double value, int of) {
      Map<Integer, Double> next = new TreeMap<>(rungs);
      next.put(rung, value);
      return new Trial(
          number, jobId, hyperparameters, TrialStatus.PAUSED, next, epoch, metric, stopReason, of);
    }

    Trial stopping(String reason) {
      return new Trial(
          number, jobId, hyperparameters, status, rungs, epoch, metric, reason, epochs);
    }

    /** The highest rung it paused at; 0 before the first. */
    int lastRung() {
      return rungs.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** Waits at a rung for a decision that has not been made yet. */
    boolean undecided() {
      return status == TrialStatus.PAUSED && stopReason == null;
    }
  }

  public String id() {
    return spec.sweepId();
  }

  public String owner() {
    return spec.owner();
  }

  public Optional<Trial> trialOf(String jobId) {
    return trials.stream().filter(t -> t.jobId().equals(jobId)).findFirst();
  }

  public long running() {
    return trials.stream().filter(t -> t.status() == TrialStatus.RUNNING).count();
  }

  Sweep withTrial(int number, UnaryOperator<Trial> change, Instant at) {
    List<Trial> next = new ArrayList<>(trials);
    next.set(number - 1, change.apply(trials.get(number - 1)));
    return new Sweep(spec, status, reason, cancelRequested, next, at);
  }

  Sweep with(Status next, String why, Instant at) {
    return new Sweep(spec, next, why, cancelRequested, trials, at);
  }

  Sweep cancelling(Instant at) {
    return new Sweep(spec, status, reason, true, trials, at);
  }
}
