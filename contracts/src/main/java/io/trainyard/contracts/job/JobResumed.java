package io.trainyard.contracts.job;

/**
 * A paused job is queued again: attempt {@code attempt} resumes from the checkpoint and trains to
 * {@code untilEpoch}, or to the end when it is null; {@code reason} says who decided it.
 */
public record JobResumed(String jobId, String owner, int attempt, Integer untilEpoch, String reason)
    implements JobEvent {}
