package io.trainyard.tracking.domain;

public record MetricPoint(String key, double value, long timestampMillis, long step) {}
