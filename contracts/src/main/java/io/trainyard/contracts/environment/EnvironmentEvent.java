package io.trainyard.contracts.environment;

import io.trainyard.contracts.TrainyardEvent;

public sealed interface EnvironmentEvent extends TrainyardEvent
    permits EnvironmentRequested,
        EnvironmentRejected,
        EnvironmentProvisioning,
        EnvironmentReady,
        EnvironmentFailed,
        EnvironmentDeleteRequested,
        EnvironmentDeleted {

  String owner();

  String name();

  @Override
  default String key() {
    return owner() + "/" + name();
  }
}
