package io.trainyard.contracts.job;

import java.util.Map;

/**
 * Training finished; {@code modelUri} says where the trained model lies (MLflow or the blob store).
 */
public record JobSucceeded(
    String jobId, String owner, int attempt, Map<String, Double> metrics, String modelUri)
    implements JobEvent {

  public JobSucceeded {
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
  }
}
