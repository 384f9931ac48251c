package io.trainyard.gateway.domain;

import java.time.Instant;

public record EnvironmentView(
    String owner,
    String name,
    String status,
    String reason,
    int workers,
    String dashboardUrl,
    Instant createdAt,
    Instant updatedAt) {}
