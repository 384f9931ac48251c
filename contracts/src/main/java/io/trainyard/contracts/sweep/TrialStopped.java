package io.trainyard.contracts.sweep;

/**
 * Early stopping's decision: the trial's {@code metric} at rung {@code epoch} was below the rung's
 * cut, so its job is stopped; a decision is recorded before it is acted on, so it holds after a
 * restart.
 */
public record TrialStopped(
    String sweepId, String owner, int trial, String jobId, int epoch, Double metric, String reason)
    implements SweepEvent {}
