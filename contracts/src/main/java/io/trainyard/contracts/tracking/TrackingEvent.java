package io.trainyard.contracts.tracking;

import io.trainyard.contracts.TrainyardEvent;

/** What tracking-service reports: about a job's run and model, or about a sweep's parent run. */
public sealed interface TrackingEvent extends TrainyardEvent
    permits JobTrackingEvent, SweepRunCreated {

  String owner();
}
