package io.trainyard.gateway.domain;

import java.time.Instant;
import java.util.Map;

/** What the gateway answers about a job, built only from events. */
public record JobView(
    String id,
    String owner,
    String environment,
    String template,
    String status,
    int attempt,
    Integer queuePosition,
    Map<String, Double> metrics,
    String mlflowRunId,
    String modelName,
    Integer modelVersion,
    String reason,
    Instant createdAt,
    Instant updatedAt) {

  /** The job in another state; what the state change does not say stays as it was. */
  JobView moved(
      String nextStatus,
      int nextAttempt,
      Integer nextQueuePosition,
      Map<String, Double> nextMetrics,
      String nextReason,
      Instant at) {
    return new JobView(
        id,
        owner,
        environment,
        template,
        nextStatus,
        nextAttempt,
        nextQueuePosition,
        nextMetrics,
        mlflowRunId,
        modelName,
        modelVersion,
        nextReason,
        createdAt,
        at);
  }

  JobView withRun(String runId, Instant at) {
    return new JobView(
        id,
        owner,
        environment,
        template,
        status,
        attempt,
        queuePosition,
        metrics,
        runId,
        modelName,
        modelVersion,
        reason,
        createdAt,
        at);
  }

  JobView withModel(String name, Integer version, Instant at) {
    return new JobView(
        id,
        owner,
        environment,
        template,
        status,
        attempt,
        queuePosition,
        metrics,
        mlflowRunId,
        name,
        version,
        reason,
        createdAt,
        at);
  }
}
