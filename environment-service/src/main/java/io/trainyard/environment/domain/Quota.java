package io.trainyard.environment.domain;

import java.util.List;
import java.util.Optional;

/** Per-user limits, summed over the user's environments (the one being changed counted once). */
public record Quota(
    int maxEnvironments, int maxWorkers, double maxCpu, double maxMemoryGi, int maxGpus) {

  public record Violation(String field, String reason) {}

  public Optional<Violation> check(
      String name, EnvironmentSpec requested, List<Environment> ownersEnvironments) {
    List<Environment> others =
        ownersEnvironments.stream()
            .filter(e -> !e.name().equals(name))
            .filter(e -> e.status().holdsResources())
            .toList();
    if (others.size() + 1 > maxEnvironments) {
      return violation("name", "at most %d environments per user", maxEnvironments);
    }
    int workers = requested.workers() + others.stream().mapToInt(e -> e.spec().workers()).sum();
    if (workers > maxWorkers) {
      return violation("workers", "at most %d workers per user (would be %d)", maxWorkers, workers);
    }
    double cpu = cpu(requested) + others.stream().mapToDouble(e -> cpu(e.spec())).sum();
    if (cpu > maxCpu) {
      return violation(
          "workerCpu", "at most %s CPUs per user (would be %s)", fmt(maxCpu), fmt(cpu));
    }
    double memory = memory(requested) + others.stream().mapToDouble(e -> memory(e.spec())).sum();
    if (memory > maxMemoryGi) {
      return violation(
          "workerMemoryGi",
          "at most %s GiB of memory per user (would be %s)",
          fmt(maxMemoryGi),
          fmt(memory));
    }
    int gpus = gpus(requested) + others.stream().mapToInt(e -> gpus(e.spec())).sum();
    if (gpus > maxGpus) {
      return violation("gpusPerWorker", "at most %d GPUs per user (would be %d)", maxGpus, gpus);
    }
    return Optional.empty();
  }

  private static double cpu(EnvironmentSpec s) {
    return s.workers() * s.workerCpu();
  }

  private static double memory(EnvironmentSpec s) {
    return s.workers() * s.workerMemoryGi();
  }

  private static int gpus(EnvironmentSpec s) {
    return s.workers() * s.gpusPerWorker();
  }

  private static String fmt(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }

  private static Optional<Violation> violation(String field, String format, Object... args) {
    return Optional.of(new Violation(field, String.format(format, args)));
  }
}
