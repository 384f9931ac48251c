package io.trainyard.job.domain;

import io.trainyard.contracts.job.JobCancelled;
import io.trainyard.contracts.job.JobFailed;
import io.trainyard.contracts.job.JobSubmitted;
import java.time.Clock;
import java.util.Optional;

/**
 * The job state machine: submitted, queued, starting, running, then succeeded, failed or cancelled.
 * Pure: each method takes the current job and returns what changes.
 */
public class JobLifecycle {

  private final Clock clock;

  public JobLifecycle(Clock clock) {
    this.clock = clock;
  }

  /** A second submission with the same id changes nothing. */
  public Transition submitted(Optional<Job> existing, JobSubmitted event) {
    if (existing.isPresent()) {
      return Transition.none();
    }
    var now = clock.instant();
    String template = event.template() != null ? event.template() : "own-code";
    return Transition.of(
        new Job(
            event.jobId(),
            event.owner(),
            event.environment(),
            template,
            event.workers(),
            JobStatus.SUBMITTED,
            0,
            null,
            null,
            now,
            now));
  }

  /** A job that has not started stops at once; a started one is stopped by its executor. */
  public Transition cancelRequested(Optional<Job> existing) {
    if (existing.isEmpty() || !existing.get().status().waiting()) {
      return Transition.none();
    }
    Job job = existing.get();
    return Transition.of(
        job.with(JobStatus.CANCELLED, "cancelled by " + job.owner(), clock.instant()),
        new JobCancelled(job.id(), job.owner(), job.attempt()));
  }

  public Transition runCreated(Optional<Job> existing, String runId) {
    return existing
        .filter(job -> !runId.equals(job.mlflowRunId()))
        .map(job -> Transition.of(job.withRun(runId, clock.instant())))
        .orElse(Transition.none());
  }

  /** A job whose environment is gone cannot run there: it fails, and says why. */
  public Transition environmentGone(Job job, String why) {
    if (job.status().terminal()) {
      return Transition.none();
    }
    String reason = "environment '" + job.environment() + "' " + why;
    return Transition.of(
        job.with(JobStatus.FAILED, reason, clock.instant()),
        new JobFailed(job.id(), job.owner(), job.attempt(), reason, false));
  }
}
