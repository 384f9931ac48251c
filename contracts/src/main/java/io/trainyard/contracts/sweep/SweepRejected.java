package io.trainyard.contracts.sweep;

/** The sweep cannot run as asked; {@code field} names what to change. */
public record SweepRejected(String sweepId, String owner, String field, String reason)
    implements SweepEvent {}
