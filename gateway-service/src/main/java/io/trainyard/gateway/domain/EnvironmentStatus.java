package io.trainyard.gateway.domain;

/** Where an environment stands, as the API and the UI name it (published through OpenAPI). */
public enum EnvironmentStatus {
  REQUESTED,
  PROVISIONING,
  READY,
  FAILED,
  REJECTED,
  DELETING,
  DELETED;

  /** Gone for good: a request under the same name starts a new environment. */
  public boolean gone() {
    return this == DELETED || this == REJECTED;
  }
}
