package io.trainyard.environment.domain;

import io.trainyard.contracts.environment.EnvironmentRequested;

/** The size a user asked for. */
public record EnvironmentSpec(
    int workers, double workerCpu, double workerMemoryGi, int gpusPerWorker) {

  public static EnvironmentSpec of(EnvironmentRequested request) {
    return new EnvironmentSpec(
        request.workers(), request.workerCpu(), request.workerMemoryGi(), request.gpusPerWorker());
  }
}
