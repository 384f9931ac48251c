package io.trainyard.contracts.tracking;

import io.trainyard.contracts.TrainyardEvent;

public sealed interface TrackingEvent extends TrainyardEvent
    permits RunCreated, ModelRegistered, ModelRegistrationFailed {

  String jobId();

  String owner();

  @Override
  default String key() {
    return jobId();
  }
}
