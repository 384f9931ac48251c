package io.trainyard.gateway.domain;

public enum SweepStatus {
  /** Accepted by the gateway; job-service has not taken it yet. */
  SUBMITTED,
  RUNNING,
  CANCELLING,
  SUCCEEDED,
  FAILED,
  CANCELLED,
  REJECTED;

  public boolean ended() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == REJECTED;
  }
}
