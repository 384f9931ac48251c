package io.trainyard.tracking.domain;

/** MLflow's run statuses that a job maps to. */
public enum RunStatus {
  RUNNING,
  FINISHED,
  FAILED,
  KILLED
}
