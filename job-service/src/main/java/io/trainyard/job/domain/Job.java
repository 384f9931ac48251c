package io.trainyard.job.domain;

import io.trainyard.contracts.job.JobSubmitted;
import java.time.Instant;
import java.util.Map;

/**
 * A training job as job-service knows it. Immutable: transitions return a new value.
 *
 * @param spec what was submitted, kept whole so that every attempt runs the same thing
 * @param attempt the current attempt, from 1; a retry after a cluster failure adds one
 * @param raySubmissionId the Ray job of the current attempt: {@code <job id>-<attempt>}
 * @param logLines lines of the current attempt's log already published
 * @param lastStep the step of the last progress published in this attempt
 * @param metrics the latest value of each metric
 * @param queuePosition position in its environment's queue; -1 when not queued
 * @param unreachableSince when the cluster stopped answering about this job, if it has
 */
public record Job(
    String id,
    String owner,
    String environment,
    JobSubmitted spec,
    JobStatus status,
    int attempt,
    String mlflowRunId,
    String raySubmissionId,
    boolean cancelRequested,
    long logLines,
    long lastStep,
    Map<String, Double> metrics,
    int queuePosition,
    String reason,
    Instant unreachableSince,
    Instant submittedAt,
    Instant updatedAt) {

  public Job {
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
  }

  static Job accepted(JobSubmitted spec, Instant at) {
    return new Job(
        spec.jobId(),
        spec.owner(),
        spec.environment(),
        spec,
        JobStatus.QUEUED,
        1,
        null,
        null,
        false,
        0,
        -1,
        Map.of(),
        -1,
        null,
        null,
        at,
        at);
  }

  public String template() {
    return spec.template() != null ? spec.template() : "own-code";
  }

  public int workers() {
    return spec.workers();
  }

  Job with(JobStatus next, String why, Instant at) {
    return new Job(
        id,
        owner,
        environment,
        spec,
        next,
        attempt,
        mlflowRunId,
        raySubmissionId,
        cancelRequested,
        logLines,
        lastStep,
        metrics,
        next == JobStatus.QUEUED ? queuePosition : -1,
        why,
        unreachableSince,
        submittedAt,
        at);
  }

  Job withRun(String runId, Instant at) {
    return new Job(
        id,
        owner,
        environment,
        spec,
        status,
        attempt,
        runId,
        raySubmissionId,
        cancelRequested,
        logLines,
        lastStep,
        metrics,
        queuePosition,
        reason,
        unreachableSince,
        submittedAt,
        at);
  }

  Job withCancelRequested(Instant at) {
    return new Job(
        id,
        owner,
        environment,
        spec,
        status,
        attempt,
        mlflowRunId,
        raySubmissionId,
        true,
        logLines,
        lastStep,
        metrics,
        queuePosition,
        reason,
        unreachableSince,
        submittedAt,
        at);
  }

  Job withQueuePosition(int position, Instant at) {
    return new Job(
        id,
        owner,
        environment,
        spec,
        status,
        attempt,
        mlflowRunId,
        raySubmissionId,
        cancelRequested,
        logLines,
        lastStep,
        metrics,
        position,
        reason,
        unreachableSince,
        submittedAt,
        at);
  }

  Job starting(Instant at) {
    return new Job(
        id,
        owner,
        environment,
        spec,
        JobStatus.STARTING,
        attempt,
        mlflowRunId,
        id + "-" + attempt,
        cancelRequested,
        0,
        -1,
        metrics,
        -1,
        null,
        null,
        submittedAt,
        at);
  }

  Job withOutput(long lines, long step, Map<String, Double> latest, Instant at) {
    return new Job(
        id,
        owner,
        environment,
        spec,
        status,
        attempt,
        mlflowRunId,
        raySubmissionId,
        cancelRequested,
        lines,
        step,
        latest,
        queuePosition,
        reason,
        null,
        submittedAt,
        at);
  }

  Job withUnreachableSince(Instant since, Instant at) {
    return new Job(
        id,
        owner,
        environment,
        spec,
        status,
        attempt,
        mlflowRunId,
        raySubmissionId,
        cancelRequested,
        logLines,
        lastStep,
        metrics,
        queuePosition,
        reason,
        since,
        submittedAt,
        at);
  }

  /** The next attempt waits in the queue again; its Ray job is a new one. */
  Job retried(String why, Instant at) {
    return new Job(
        id,
        owner,
        environment,
        spec,
        JobStatus.QUEUED,
        attempt + 1,
        mlflowRunId,
        null,
        cancelRequested,
        0,
        -1,
        metrics,
        -1,
        why,
        null,
        submittedAt,
        at);
  }
}
