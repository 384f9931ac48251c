package io.trainyard.environment.domain;

public enum EnvironmentStatus {
  REQUESTED,
  PROVISIONING,
  READY,
  FAILED,
  DELETING,
  DELETED
}
