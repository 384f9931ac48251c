package io.trainyard.job.domain;

/** The cluster refused an attempt outright (a bad request, not an outage): retrying won't help. */
public class AttemptRefusedException extends RuntimeException {
  public AttemptRefusedException(String message) {
    super(message);
  }
}
