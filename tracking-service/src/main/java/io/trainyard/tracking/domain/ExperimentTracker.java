package io.trainyard.tracking.domain;

/** The experiment tracker (MLflow). Every call is idempotent and may be repeated after a crash. */
public interface ExperimentTracker {

  /** The owner's experiment, created if missing; concurrent first calls end in one experiment. */
  String ensureExperiment(String owner);

  /** The job's run, found by its job id tag or created with the spec's tags and params. */
  TrackedRun ensureRun(String experimentId, RunSpec spec);
}
