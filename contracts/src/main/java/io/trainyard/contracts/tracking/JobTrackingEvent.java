package io.trainyard.contracts.tracking;

/** A tracking event about one job: its run or its model. */
public sealed interface JobTrackingEvent extends TrackingEvent
    permits RunCreated, ModelRegistered, ModelRegistrationFailed {

  String jobId();

  @Override
  default String key() {
    return jobId();
  }
}
