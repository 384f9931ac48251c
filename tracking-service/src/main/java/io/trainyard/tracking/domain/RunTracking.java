package io.trainyard.tracking.domain;

import io.trainyard.contracts.job.JobEvent;
import io.trainyard.contracts.job.JobSubmitted;
import io.trainyard.contracts.tracking.RunCreated;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One MLflow run per job. Safe to repeat: the run is found again by its job id, and the
 * announcement carries an id derived from the job, so consumers see it once.
 */
public class RunTracking {

  public static final String JOB_ID_TAG = "trainyard.job_id";

  private final ExperimentTracker tracker;
  private final TrackingEvents events;

  public RunTracking(ExperimentTracker tracker, TrackingEvents events) {
    this.tracker = tracker;
    this.events = events;
  }

  public void on(JobEvent event) {
    if (event instanceof JobSubmitted submitted) {
      submitted(submitted);
    }
  }

  private void submitted(JobSubmitted job) {
    String experimentId = tracker.ensureExperiment(job.owner());
    TrackedRun run = tracker.ensureRun(experimentId, spec(job));
    events.publish(
        "run-created/" + job.jobId(),
        new RunCreated(job.jobId(), job.owner(), run.experimentId(), run.runId()));
  }

  static RunSpec spec(JobSubmitted job) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(JOB_ID_TAG, job.jobId());
    tags.put("trainyard.owner", job.owner());
    tags.put("trainyard.environment", job.environment());
    tags.put("trainyard.template", job.template() != null ? job.template() : "own-code");
    tags.put("trainyard.workers", Integer.toString(job.workers()));
    Map<String, String> params = new TreeMap<>();
    job.hyperparameters().forEach((k, v) -> params.put(k, String.valueOf(v)));
    String name = (job.template() != null ? job.template() : "own-code") + "-" + job.jobId();
    return new RunSpec(job.jobId(), job.owner(), name, tags, params);
  }
}
