package io.trainyard.gateway.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The gateway's own copy of what the topics say, for answering queries while others are down. */
public interface ReadModel {

  Optional<JobView> job(String id);

  /**
   * The job, locked until the transaction ends: its jobs and tracking events arrive on different
   * threads, and each must build on the other's change.
   */
  Optional<JobView> jobForUpdate(String id);

  void save(JobView job);

  /**
   * A job just accepted, before its submission event comes back from the topic: readable (and its
   * stream openable) at once after the 202. Never overwrites what the events built.
   */
  void accepted(JobView job);

  /** Jobs that ended before {@code before} and still have uploads in the blob store. */
  List<JobView> endedWithUploads(Instant before, int limit);

  /** Ended sweeps that still hold uploads, oldest first; their trials share the files. */
  List<SweepView> endedSweepsWithUploads(Instant before, int limit);

  /** Newest first; {@code after} is the last job of the previous page. */
  List<JobView> jobs(JobQuery query);

  Optional<SweepView> sweep(String id);

  /** The sweep, locked until the transaction ends. */
  Optional<SweepView> sweepForUpdate(String id);

  void save(SweepView sweep);

  /** A sweep just accepted, readable at once after the 202; never over what events built. */
  void accepted(SweepView sweep);

  /** Newest first. */
  List<SweepView> sweeps(Viewer viewer, int limit);

  Optional<EnvironmentView> environment(String owner, String name);

  void save(EnvironmentView environment);

  /**
   * A request the broker took, shown at once: a new row, or one over an environment of that name
   * that is gone; never over a live one, whose owner's events say where it stands.
   */
  void requested(EnvironmentView environment);

  List<EnvironmentView> environments(Viewer viewer);

  /** Saves the version and moves its aliases away from the model's other versions. */
  void save(ModelVersionView version);

  List<ModelVersionView> modelVersions(Viewer viewer, Optional<String> name);

  /** Keeps log lines by number, so a redelivered batch does not repeat lines. */
  void appendLogs(String jobId, int attempt, long firstLine, List<String> lines);

  /** Lines in order of attempt, then number, after the given one. */
  List<LogLine> logs(String jobId, int afterAttempt, long afterLine, int limit);

  record LogLine(int attempt, long line, String text) {}

  record JobQuery(
      Viewer viewer,
      Optional<JobStatus> status,
      Optional<String> environment,
      Optional<String> sweep,
      Optional<Cursor> after,
      int limit) {}

  record Cursor(Instant createdAt, String id) {}
}
