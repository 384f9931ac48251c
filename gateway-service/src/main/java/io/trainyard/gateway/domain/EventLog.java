package io.trainyard.gateway.domain;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every event a user may watch, numbered in commit order: appends are serialized, so a reader that
 * saw number n has seen every number below it.
 */
public interface EventLog {

  /** {@code sweepId} is set for a sweep's events and for its trials' jobs' events. */
  void append(
      String owner, String jobId, String environment, String sweepId, String type, String data);

  List<StoredEvent> after(
      long seq,
      Optional<String> owner,
      Optional<String> jobId,
      Optional<String> sweepId,
      int limit);

  /** The highest number so far; 0 when empty. */
  long head();

  /** Blocks until something was appended or {@code timeout} passed. */
  void awaitAppend(Duration timeout) throws InterruptedException;
}
