package io.trainyard.contracts.sweep;

import java.util.Map;

/**
 * Every trial ended. {@code status} is {@code succeeded} when a trial trained to the end (the best
 * of those is named), else {@code failed} or {@code cancelled} with the reason.
 */
public record SweepCompleted(
    String sweepId,
    String owner,
    String status,
    String reason,
    Integer bestTrial,
    String bestJobId,
    Double bestMetric,
    Map<String, Object> bestHyperparameters)
    implements SweepEvent {

  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";
  public static final String CANCELLED = "cancelled";

  public SweepCompleted {
    bestHyperparameters = bestHyperparameters == null ? Map.of() : Map.copyOf(bestHyperparameters);
  }
}
