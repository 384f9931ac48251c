package io.trainyard.contracts.environment;

public record EnvironmentDeleteRequested(String owner, String name) implements EnvironmentEvent {}
