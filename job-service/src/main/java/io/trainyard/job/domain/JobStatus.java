package io.trainyard.job.domain;

public enum JobStatus {
  SUBMITTED,
  QUEUED,
  STARTING,
  RUNNING,
  /** Trained to the epoch it was asked to stop at; waits, holding no workers, to be resumed. */
  PAUSED,
  SUCCEEDED,
  FAILED,
  CANCELLED,
  REJECTED;

  public boolean terminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == REJECTED;
  }

  /** Nothing runs: the job can stop without asking an executor. */
  public boolean waiting() {
    return this == SUBMITTED || this == QUEUED || this == PAUSED;
  }

  /** A Ray job of this attempt exists or is being created. */
  public boolean executing() {
    return this == STARTING || this == RUNNING;
  }
}
