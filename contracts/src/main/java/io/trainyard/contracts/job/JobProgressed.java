package io.trainyard.contracts.job;

import java.util.Map;

public record JobProgressed(
    String jobId,
    String owner,
    int attempt,
    int epoch,
    int epochs,
    long step,
    Map<String, Double> metrics)
    implements JobEvent {

  public JobProgressed {
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
  }
}
