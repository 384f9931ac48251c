package io.trainyard.tracking.domain;

public record TrackedRun(String experimentId, String runId) {}
