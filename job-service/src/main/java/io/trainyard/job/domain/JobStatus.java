package io.trainyard.job.domain;

public enum JobStatus {
  SUBMITTED,
  QUEUED,
  STARTING,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED,
  REJECTED;

  public boolean terminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == REJECTED;
  }

  /** Nothing runs yet: the job can stop without asking an executor. */
  public boolean waiting() {
    return this == SUBMITTED || this == QUEUED;
  }

  /** A Ray job of this attempt exists or is being created. */
  public boolean executing() {
    return this == STARTING || this == RUNNING;
  }
}
