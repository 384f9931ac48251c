package io.trainyard.contracts.job;

/** The job stopped on request; {@code reason} says whose (the owner, or its sweep's rule). */
public record JobCancelled(String jobId, String owner, int attempt, String reason)
    implements JobEvent {

  public JobCancelled(String jobId, String owner, int attempt) {
    this(jobId, owner, attempt, null);
  }
}
