package io.trainyard.contracts.environment;

public record EnvironmentReady(
    String owner, String name, String dashboardUrl, String jobsApiUrl, int workers)
    implements EnvironmentEvent {}
