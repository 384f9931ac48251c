package io.trainyard.gateway.domain;

import java.util.List;
import java.util.Optional;

/** The gateway's own copy of what the topics say, for answering queries while others are down. */
public interface ReadModel {

  Optional<JobView> job(String id);

  void save(JobView job);

  Optional<EnvironmentView> environment(String owner, String name);

  void save(EnvironmentView environment);

  /** Keeps log lines by number, so a redelivered batch does not repeat lines. */
  void appendLogs(String jobId, int attempt, long firstLine, List<String> lines);
}
