package io.trainyard.contracts.sweep;

/**
 * Early stopping's decision on a trial paused at rung {@code epoch}: its {@code metric} is in the
 * top 1/η of that rung, so its job resumes from its checkpoint and trains to {@code untilEpoch}
 * (the next rung, or its last epoch). Recorded before it is acted on, so it holds after a restart.
 */
public record TrialPromoted(
    String sweepId,
    String owner,
    int trial,
    String jobId,
    int epoch,
    double metric,
    int untilEpoch,
    String reason)
    implements SweepEvent {}
