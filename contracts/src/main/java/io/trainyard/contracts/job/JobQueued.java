package io.trainyard.contracts.job;

/** Waiting for its environment; position 0 means next. */
public record JobQueued(String jobId, String owner, String environment, int position)
    implements JobEvent {}
