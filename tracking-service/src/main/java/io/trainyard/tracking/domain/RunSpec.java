package io.trainyard.tracking.domain;

import java.util.Map;

/** What a job's run is created with: its identity tags and its hyperparameters. */
public record RunSpec(
    String jobId,
    String owner,
    String runName,
    Map<String, String> tags,
    Map<String, String> params) {}
