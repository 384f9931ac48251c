package io.trainyard.gateway.domain;

import java.time.Instant;
import java.util.List;

/** A registered model version; its metrics are those of the job that trained it. */
public record ModelVersionView(
    String name,
    int version,
    String owner,
    String jobId,
    List<String> aliases,
    Instant createdAt) {}
