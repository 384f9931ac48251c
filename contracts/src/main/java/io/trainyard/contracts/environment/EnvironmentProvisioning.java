package io.trainyard.contracts.environment;

/** Still coming up; the reason says what it waits for right now (scheduling, image pull, ...). */
public record EnvironmentProvisioning(String owner, String name, String reason)
    implements EnvironmentEvent {}
