package io.trainyard.contracts.sweep;

import io.trainyard.contracts.TrainyardEvent;

/**
 * A hyperparameter search, recorded on the job stream by job-service, which runs its trials as
 * jobs. Keyed by the sweep id.
 */
public sealed interface SweepEvent extends TrainyardEvent
    permits SweepRequested,
        SweepRejected,
        TrialStarted,
        TrialPromoted,
        TrialStopped,
        SweepCancelRequested,
        SweepCompleted {

  String sweepId();

  String owner();

  @Override
  default String key() {
    return sweepId();
  }
}
