package io.trainyard.environment.domain;

/** What a provisioner sees of a cluster right now. */
public enum Phase {
  ABSENT,
  PENDING,
  READY,
  FAILED
}
