package io.trainyard.job.domain;

import java.util.List;
import java.util.Optional;

/** Where jobs are kept. */
public interface Jobs {

  Optional<Job> find(String id);

  /** Inserts or replaces by id. */
  void save(Job job);

  /** Jobs of an environment that have not ended. */
  List<Job> unfinishedIn(String owner, String environment);
}
