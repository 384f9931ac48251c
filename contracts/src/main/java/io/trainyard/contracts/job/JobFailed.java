package io.trainyard.contracts.job;

public record JobFailed(String jobId, String owner, int attempt, String reason, boolean retriable)
    implements JobEvent {}
