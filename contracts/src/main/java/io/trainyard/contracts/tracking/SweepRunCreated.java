package io.trainyard.contracts.tracking;

/** The sweep's parent run exists in MLflow; its trials' runs are its children. */
public record SweepRunCreated(String sweepId, String owner, String experimentId, String runId)
    implements TrackingEvent {

  @Override
  public String key() {
    return sweepId;
  }
}
