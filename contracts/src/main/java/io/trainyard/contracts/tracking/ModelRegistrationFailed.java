package io.trainyard.contracts.tracking;

public record ModelRegistrationFailed(String jobId, String owner, String reason)
    implements JobTrackingEvent {}
