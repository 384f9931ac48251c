package io.trainyard.environment.domain;

public enum EnvironmentStatus {
  REQUESTED,
  PROVISIONING,
  READY,
  FAILED,
  DELETING,
  DELETED;

  /** Counts against the owner's quota. */
  public boolean holdsResources() {
    return this == REQUESTED || this == PROVISIONING || this == READY || this == DELETING;
  }

  /** The reconciler still has work to do or to watch. */
  public boolean active() {
    return this == REQUESTED || this == PROVISIONING || this == READY || this == DELETING;
  }
}
