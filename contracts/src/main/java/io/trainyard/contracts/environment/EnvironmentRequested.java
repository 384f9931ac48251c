package io.trainyard.contracts.environment;

/** A user asked for an environment, or for an existing one to change size. */
public record EnvironmentRequested(
    String owner,
    String name,
    int workers,
    double workerCpu,
    double workerMemoryGi,
    int gpusPerWorker)
    implements EnvironmentEvent {}
