package io.trainyard.contracts.environment;

/** A request that was refused, naming the field or limit that was hit. */
public record EnvironmentRejected(String owner, String name, String field, String reason)
    implements EnvironmentEvent {}
