package io.trainyard.job.domain;

import java.util.List;
import java.util.Optional;

/** Where jobs are kept. */
public interface Jobs {

  Optional<Job> find(String id);

  /** The job, locked until the transaction ends, so that two writers never interleave. */
  Optional<Job> lock(String id);

  /** Inserts or replaces by id. */
  void save(Job job);

  /** Jobs of an environment that have not ended, oldest first. */
  List<Job> unfinishedIn(String owner, String environment);

  /** Every job waiting in a queue or running, oldest first. */
  List<Job> active();
}
