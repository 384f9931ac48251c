package io.trainyard.gateway.domain;

/**
 * Where a job stands, as the API and the UI name it. The one list: the OpenAPI document publishes
 * it, and the UI's types are generated from that document.
 */
public enum JobStatus {
  SUBMITTED,
  QUEUED,
  RUNNING,
  /** A sweep's trial at a rung: trained so far, checkpointed, holding no workers. */
  PAUSED,
  RETRYING,
  CANCELLING,
  SUCCEEDED,
  FAILED,
  CANCELLED,
  REJECTED;

  /** No later event moves a job out of these. */
  public boolean ended() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == REJECTED;
  }
}
