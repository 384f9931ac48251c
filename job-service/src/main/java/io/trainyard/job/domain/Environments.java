package io.trainyard.job.domain;

import java.util.Optional;

/** job-service's own copy of the environments it runs jobs in. */
public interface Environments {

  Optional<EnvironmentView> find(String owner, String name);

  void save(EnvironmentView environment);

  void remove(String owner, String name);
}
