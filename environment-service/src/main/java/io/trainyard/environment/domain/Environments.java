package io.trainyard.environment.domain;

import java.util.List;
import java.util.Optional;

/** Where environments are kept. */
public interface Environments {

  Optional<Environment> find(String owner, String name);

  /** Reads and locks the environment for the rest of the transaction. */
  Optional<Environment> lock(String owner, String name);

  void save(Environment environment);

  List<Environment> ofOwner(String owner);

  /** Environments the reconciler still works on. */
  List<Environment> active();

  /** Remembers which environment a job runs in, since later job events do not say. */
  void rememberJob(String jobId, String owner, String environment);

  Optional<Environment> ofJob(String jobId);

  void jobRunning(String jobId, boolean running);

  boolean hasRunningJobs(String owner, String environment);
}
