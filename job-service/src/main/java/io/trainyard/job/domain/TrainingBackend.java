package io.trainyard.job.domain;

/**
 * Runs attempts on an environment's cluster. Every call may be repeated: submitting an id that
 * exists already is success, stopping a stopped job is nothing.
 */
public interface TrainingBackend {

  void submit(EnvironmentView environment, Job job);

  AttemptStatus status(EnvironmentView environment, String submissionId);

  /**
   * At most {@code max} lines of the attempt's log from line {@code from} (counting from 0), read
   * incrementally: no call holds the whole log. With {@code ended}, the attempt is over and the
   * read goes to the log's very end, its unfinished last line included.
   */
  LogRead logs(EnvironmentView environment, String submissionId, long from, int max, boolean ended);

  void stop(EnvironmentView environment, String submissionId);

  /** The attempt is done with: whatever is kept for following it can go. */
  default void forget(String submissionId) {}
}
