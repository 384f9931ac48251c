package io.trainyard.contracts.sweep;

/** The owner asked to stop the sweep: running trials are cancelled, waiting ones never start. */
public record SweepCancelRequested(String sweepId, String owner) implements SweepEvent {}
