package io.trainyard.contracts.tracking;

public record RunCreated(String jobId, String owner, String experimentId, String runId)
    implements JobTrackingEvent {}
