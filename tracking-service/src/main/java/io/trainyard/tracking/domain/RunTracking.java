package io.trainyard.tracking.domain;

import io.trainyard.contracts.codec.InvalidEventException;
import io.trainyard.contracts.job.JobCancelled;
import io.trainyard.contracts.job.JobEvent;
import io.trainyard.contracts.job.JobFailed;
import io.trainyard.contracts.job.JobProgressed;
import io.trainyard.contracts.job.JobStarted;
import io.trainyard.contracts.job.JobSubmitted;
import io.trainyard.contracts.job.JobSucceeded;
import io.trainyard.contracts.tracking.RunCreated;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One MLflow run per job, following the job: params at submission, metrics as it progresses, its
 * status at the end, then the model. Safe to repeat and to receive out of order: the run is found
 * again by its job id, and announcements carry ids derived from the job.
 */
public class RunTracking {

  public static final String JOB_ID_TAG = "trainyard.job_id";
  public static final String TEMPLATE_TAG = "trainyard.template";

  private final ExperimentTracker tracker;
  private final TrackingEvents events;
  private final ModelRegistration registration;
  private final ModelLocations locations;

  public RunTracking(
      ExperimentTracker tracker,
      TrackingEvents events,
      ModelRegistration registration,
      ModelLocations locations) {
    this.locations = locations;
    this.tracker = tracker;
    this.events = events;
    this.registration = registration;
  }

  public void on(JobEvent event, Instant at) {
    if (event instanceof JobSubmitted submitted) {
      TrackedRun run = run(trial(spec(submitted), submitted));
      events.publish(
          "run-created/" + submitted.jobId(),
          new RunCreated(submitted.jobId(), submitted.owner(), run.experimentId(), run.runId()));
    } else if (event instanceof JobStarted started) {
      TrackedRun run = run(minimal(started));
      Map<String, String> tags = new LinkedHashMap<>();
      tags.put("trainyard.attempt", Integer.toString(started.attempt()));
      tags.put("trainyard.executor", started.executor().name().toLowerCase());
      if (started.raySubmissionId() != null) {
        tags.put("trainyard.ray_submission_id", started.raySubmissionId());
      }
      tracker.setTags(run.runId(), tags);
    } else if (event instanceof JobProgressed progressed) {
      TrackedRun run = run(minimal(progressed));
      List<MetricPoint> points = new ArrayList<>();
      progressed
          .metrics()
          .forEach(
              (k, v) -> points.add(new MetricPoint(k, v, at.toEpochMilli(), progressed.step())));
      points.add(
          new MetricPoint("epoch", progressed.epoch(), at.toEpochMilli(), progressed.step()));
      tracker.logMetrics(run.runId(), points);
    } else if (event instanceof JobSucceeded succeeded) {
      succeeded(succeeded, at);
    } else if (event instanceof JobFailed failed) {
      TrackedRun run = run(minimal(failed));
      String reason =
          failed.reason().length() > 4000
              ? failed.reason().substring(failed.reason().length() - 4000)
              : failed.reason();
      tracker.setTags(
          run.runId(),
          Map.of(
              failed.retriable() ? "trainyard.last_attempt_failure" : "trainyard.failure_reason",
              reason));
      if (!failed.retriable()) {
        tracker.setStatus(run.runId(), RunStatus.FAILED, at.toEpochMilli());
      }
    } else if (event instanceof JobCancelled cancelled) {
      tracker.setStatus(run(minimal(cancelled)).runId(), RunStatus.KILLED, at.toEpochMilli());
    }
  }

  private void succeeded(JobSucceeded job, Instant at) {
    TrackedRun run = run(minimal(job));
    locations
        .problem(job, run.runId())
        .ifPresent(
            why -> {
              throw new InvalidEventException(why);
            });
    // A trial's model is registered only if its sweep names it the best: when the sweep ends, or
    // now if it already has. Where the model is, is written before the end the sweep looks for.
    boolean trial = tracker.tag(run.runId(), SweepTracking.SWEEP_TAG).isPresent();
    if (trial && job.modelUri() != null) {
      tracker.setTags(run.runId(), Map.of(SweepTracking.MODEL_URI_TAG, job.modelUri()));
    }
    if (tracker.status(run.runId()) != RunStatus.FINISHED) {
      finish(run, job, at);
    }
    if (trial && !SweepTracking.namesBest(tracker, run, job.jobId())) {
      return;
    }
    String template = tracker.tag(run.runId(), TEMPLATE_TAG).orElse(null);
    events.publish("model/" + job.jobId(), registration.register(job, run, template));
  }

  /** Final metrics as the last point of each series, then the status; a repeat changes nothing. */
  private void finish(TrackedRun run, JobSucceeded job, Instant at) {
    List<MetricPoint> finals = new ArrayList<>();
    job.metrics()
        .forEach(
            (key, value) -> {
              ExperimentTracker.MetricHistory history =
                  tracker.history(run.runId(), key, at.toEpochMilli());
              if (!history.hasPointAt()) {
                finals.add(new MetricPoint(key, value, at.toEpochMilli(), history.maxStep() + 1));
              }
            });
    if (!finals.isEmpty()) {
      tracker.logMetrics(run.runId(), finals);
    }
    tracker.setStatus(run.runId(), RunStatus.FINISHED, at.toEpochMilli());
  }

  private TrackedRun run(RunSpec spec) {
    return tracker.ensureRun(tracker.ensureExperiment(spec.owner()), spec);
  }

  static RunSpec spec(JobSubmitted job) {
    String template = job.template() != null ? job.template() : "own-code";
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(JOB_ID_TAG, job.jobId());
    tags.put("trainyard.owner", job.owner());
    tags.put("trainyard.environment", job.environment());
    tags.put(TEMPLATE_TAG, template);
    tags.put("trainyard.workers", Integer.toString(job.workers()));
    Map<String, String> params = new TreeMap<>();
    job.hyperparameters().forEach((k, v) -> params.put(k, String.valueOf(v)));
    params.put("workers", Integer.toString(job.workers()));
    return new RunSpec(job.jobId(), job.owner(), template + "-" + job.jobId(), tags, params);
  }

  /** A trial's run is a child of its sweep's, which the first of them to come makes. */
  private RunSpec trial(RunSpec spec, JobSubmitted job) {
    if (job.sweep() == null) {
      return spec;
    }
    TrackedRun parent = run(SweepTracking.parent(job.sweep(), job.owner()));
    Map<String, String> tags = new LinkedHashMap<>(spec.tags());
    tags.put(SweepTracking.PARENT_TAG, parent.runId());
    tags.put(SweepTracking.SWEEP_TAG, job.sweep());
    return new RunSpec(spec.jobId(), spec.owner(), spec.runName(), tags, spec.params());
  }

  /** For an event that arrives before its submission: the run is made now and completed later. */
  private static RunSpec minimal(JobEvent event) {
    return minimal(event.jobId(), event.owner());
  }

  static RunSpec minimal(String jobId, String owner) {
    return new RunSpec(
        jobId, owner, jobId, Map.of(JOB_ID_TAG, jobId, "trainyard.owner", owner), Map.of());
  }
}
