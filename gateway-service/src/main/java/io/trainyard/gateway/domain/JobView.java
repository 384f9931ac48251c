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
    Instant updatedAt) {}
