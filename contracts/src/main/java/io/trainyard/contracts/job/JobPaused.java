package io.trainyard.contracts.job;

/**
 * Attempt {@code attempt} trained to {@code epoch} of {@code epochs}, the epoch it was asked to
 * stop at, left its checkpoint and ended: the job holds no workers and waits until it is resumed or
 * cancelled. Only a sweep's trials pause, at the rungs where early stopping compares them.
 */
public record JobPaused(
    String jobId, String owner, int attempt, int epoch, int epochs, String reason)
    implements JobEvent {}
