package io.trainyard.contracts.job;

public record JobRejected(String jobId, String owner, String field, String reason)
    implements JobEvent {}
