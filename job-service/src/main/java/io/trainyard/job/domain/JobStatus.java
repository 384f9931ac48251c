package io.trainyard.job.domain;

public enum JobStatus {
  SUBMITTED,
  QUEUED,
  STARTING,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  public boolean terminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }

  /** Nothing runs yet: the job can stop without asking an executor. */
  public boolean waiting() {
    return this == SUBMITTED || this == QUEUED;
  }
}
