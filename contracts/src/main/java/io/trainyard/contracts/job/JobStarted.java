package io.trainyard.contracts.job;

public record JobStarted(
    String jobId,
    String owner,
    int attempt,
    Executor executor,
    String raySubmissionId,
    String mlflowRunId)
    implements JobEvent {}
