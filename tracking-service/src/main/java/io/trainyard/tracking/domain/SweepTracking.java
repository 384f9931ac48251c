package io.trainyard.tracking.domain;

import io.trainyard.contracts.codec.CloudEventCodec;
import io.trainyard.contracts.job.JobSucceeded;
import io.trainyard.contracts.sweep.SweepCompleted;
import io.trainyard.contracts.sweep.SweepEvent;
import io.trainyard.contracts.sweep.SweepRequested;
import io.trainyard.contracts.sweep.TrialPromoted;
import io.trainyard.contracts.sweep.TrialStopped;
import io.trainyard.contracts.tracking.SweepRunCreated;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A sweep as MLflow shows it: a parent run with the space and the method, each trial's run its
 * child ({@code mlflow.parentRunId}), the best trial's parameters and metric on the parent at the
 * end, and the best trial's model, alone of the sweep's, registered (champion if it beats the
 * current one). Safe to repeat: every run is found again by its tags.
 */
public class SweepTracking {

  public static final String SWEEP_TAG = "trainyard.sweep_id";
  public static final String PARENT_TAG = "mlflow.parentRunId";

  /** Where a trial's job said its model is, for registering it if it turns out the best. */
  public static final String MODEL_URI_TAG = "trainyard.model_uri";

  private static final String BEST_JOB_TAG = "trainyard.best_job_id";

  private final ExperimentTracker tracker;
  private final TrackingEvents events;
  private final ModelRegistration registration;

  public SweepTracking(
      ExperimentTracker tracker, TrackingEvents events, ModelRegistration registration) {
    this.tracker = tracker;
    this.events = events;
    this.registration = registration;
  }

  /** The parent's run spec is the same from every event, so whichever comes first makes it. */
  static RunSpec parent(String sweepId, String owner) {
    return new RunSpec(
        "sweep/" + sweepId,
        owner,
        "sweep-" + sweepId,
        Map.of(
            RunTracking.JOB_ID_TAG,
            "sweep/" + sweepId,
            SWEEP_TAG,
            sweepId,
            "trainyard.owner",
            owner),
        Map.of());
  }

  /** The tags that make a trial's run the child of its sweep's. */
  Map<String, String> childTags(String sweepId, String owner) {
    TrackedRun parent = run(parent(sweepId, owner));
    return Map.of(PARENT_TAG, parent.runId(), SWEEP_TAG, sweepId);
  }

  public void on(SweepEvent event, Instant at) {
    if (event instanceof SweepRequested r) {
      TrackedRun parent = run(requested(r));
      events.publish(
          "sweep-run-created/" + r.sweepId(),
          new SweepRunCreated(r.sweepId(), r.owner(), parent.experimentId(), parent.runId()));
    } else if (event instanceof TrialPromoted p) {
      TrackedRun child = run(RunTracking.minimal(p.jobId(), p.owner()));
      tracker.setTags(
          child.runId(), Map.of("trainyard.promoted_at_epoch_" + p.epoch(), p.reason()));
    } else if (event instanceof TrialStopped s) {
      TrackedRun child = run(RunTracking.minimal(s.jobId(), s.owner()));
      tracker.setTags(child.runId(), Map.of("trainyard.stopped_early", s.reason()));
    } else if (event instanceof SweepCompleted c) {
      completed(c, at);
    }
  }

  /**
   * The sweep's run ends with what the sweep decided at once; the best trial's model is registered
   * now if that trial's end is tracked, else when it is ({@link #namesBest}). Each side writes
   * before it reads the other's write, so at least one of them registers (a repeat is harmless).
   */
  private void completed(SweepCompleted c, Instant at) {
    TrackedRun parent = run(parent(c.sweepId(), c.owner()));
    TrackedRun best = null;
    String metric = tracker.tag(parent.runId(), "trainyard.metric").orElse("metric");
    if (c.bestJobId() != null) {
      best = run(RunTracking.minimal(c.bestJobId(), c.owner()));
      Map<String, String> params = new TreeMap<>();
      c.bestHyperparameters().forEach((k, v) -> params.put("best." + k, String.valueOf(v)));
      params.put("best.trial", Integer.toString(c.bestTrial()));
      tracker.ensureRun(parent.experimentId(), withParams(parent(c.sweepId(), c.owner()), params));
      tracker.setTags(
          parent.runId(),
          Map.of(BEST_JOB_TAG, c.bestJobId(), "trainyard.best_run_id", best.runId()));
      tracker.logMetrics(
          parent.runId(),
          List.of(new MetricPoint("best_" + metric, c.bestMetric(), at.toEpochMilli(), 0)));
    }
    if (c.reason() != null) {
      tracker.setTags(parent.runId(), Map.of("trainyard.reason", c.reason()));
    }
    RunStatus status =
        switch (c.status()) {
          case SweepCompleted.SUCCEEDED -> RunStatus.FINISHED;
          case SweepCompleted.CANCELLED -> RunStatus.KILLED;
          default -> RunStatus.FAILED;
        };
    if (tracker.status(parent.runId()) != status) {
      tracker.setStatus(parent.runId(), status, at.toEpochMilli());
    }
    if (best != null && tracker.status(best.runId()) == RunStatus.FINISHED) {
      String modelUri = tracker.tag(best.runId(), MODEL_URI_TAG).orElse(null);
      String template = tracker.tag(best.runId(), RunTracking.TEMPLATE_TAG).orElse(null);
      JobSucceeded job =
          new JobSucceeded(
              c.bestJobId(),
              c.owner(),
              0,
              Map.of(metric, c.bestMetric()),
              modelUri == null ? "runs:/" + best.runId() + "/model" : modelUri);
      events.publish("model/" + c.bestJobId(), registration.register(job, best, template));
    }
  }

  /** Whether a trial's sweep has already named it its best, so its model is registered now. */
  static boolean namesBest(ExperimentTracker tracker, TrackedRun trial, String jobId) {
    return tracker
        .tag(trial.runId(), PARENT_TAG)
        .flatMap(parent -> tracker.tag(parent, BEST_JOB_TAG))
        .filter(jobId::equals)
        .isPresent();
  }

  private static RunSpec requested(SweepRequested r) {
    RunSpec base = parent(r.sweepId(), r.owner());
    Map<String, String> tags = new LinkedHashMap<>(base.tags());
    tags.put("trainyard.environment", r.environment());
    tags.put(RunTracking.TEMPLATE_TAG, r.template() != null ? r.template() : "own-code");
    tags.put("trainyard.metric", r.metric());
    tags.put("trainyard.direction", r.direction());
    Map<String, String> params = new TreeMap<>();
    r.space().forEach((k, v) -> params.put("space." + k, json(v)));
    r.hyperparameters().forEach((k, v) -> params.put(k, String.valueOf(v)));
    params.put("method", r.method());
    if (r.trials() != null) {
      params.put("trials", Integer.toString(r.trials()));
    }
    if (r.seed() != null) {
      params.put("seed", Long.toString(r.seed()));
    }
    params.put("maxConcurrent", Integer.toString(r.maxConcurrent()));
    params.put("metric", r.metric());
    params.put(
        "earlyStopping",
        r.asha() == null
            ? "none"
            : "asha(minEpochs="
                + r.asha().minEpochs()
                + ", reductionFactor="
                + r.asha().reductionFactor()
                + ")");
    return new RunSpec(base.jobId(), base.owner(), base.runName(), tags, params);
  }

  private static RunSpec withParams(RunSpec spec, Map<String, String> more) {
    Map<String, String> params = new TreeMap<>(spec.params());
    params.putAll(more);
    return new RunSpec(spec.jobId(), spec.owner(), spec.runName(), spec.tags(), params);
  }

  private static String json(Object value) {
    try {
      return CloudEventCodec.mapper().writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private TrackedRun run(RunSpec spec) {
    return tracker.ensureRun(tracker.ensureExperiment(spec.owner()), spec);
  }
}
