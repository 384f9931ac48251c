package io.trainyard.environment.domain;

import java.util.Optional;

/** Where environments are kept. */
public interface Environments {

  Optional<Environment> find(String owner, String name);

  void save(Environment environment);

  /** Remembers which environment a job runs in, since later job events do not say. */
  void rememberJob(String jobId, String owner, String environment);

  Optional<Environment> ofJob(String jobId);
}
