package io.trainyard.job.domain;

/**
 * Runs attempts on an environment's cluster. Every call may be repeated: submitting an id that
 * exists already is success, stopping a stopped job is nothing.
 */
public interface TrainingBackend {

  void submit(EnvironmentView environment, Job job);

  AttemptStatus status(EnvironmentView environment, String submissionId);

  /** The attempt's whole log so far. */
  String logs(EnvironmentView environment, String submissionId);

  void stop(EnvironmentView environment, String submissionId);
}
