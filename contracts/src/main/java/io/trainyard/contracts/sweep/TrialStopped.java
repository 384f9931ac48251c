package io.trainyard.contracts.sweep;

/**
 * Early stopping's decision: the trial's {@code metric} at rung {@code epoch} is not in the top 1/η
 * of that rung and can no longer get there, so its job is stopped; a decision is recorded before it
 * is acted on, so it holds after a restart.
 */
public record TrialStopped(
    String sweepId, String owner, int trial, String jobId, int epoch, Double metric, String reason)
    implements SweepEvent {}
