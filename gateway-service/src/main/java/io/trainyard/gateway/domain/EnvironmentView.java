package io.trainyard.gateway.domain;

import java.time.Instant;

public record EnvironmentView(
    String owner,
    String name,
    EnvironmentStatus status,
    String reason,
    Size size,
    String dashboardUrl,
    Instant createdAt,
    Instant updatedAt) {

  /** What the user asked for; the worker count is what the cluster reports once it is ready. */
  public record Size(int workers, double workerCpu, double workerMemoryGi, int gpusPerWorker) {}

  /** Gone for good: a request under the same name starts a new environment. */
  public boolean gone() {
    return status.gone();
  }
}
