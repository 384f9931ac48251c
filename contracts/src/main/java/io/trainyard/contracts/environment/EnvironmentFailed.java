package io.trainyard.contracts.environment;

public record EnvironmentFailed(String owner, String name, String reason)
    implements EnvironmentEvent {}
