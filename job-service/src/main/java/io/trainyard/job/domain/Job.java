package io.trainyard.job.domain;

import java.time.Instant;

/** A training job as job-service knows it. Immutable: transitions return a new value. */
public record Job(
    String id,
    String owner,
    String environment,
    String template,
    int workers,
    JobStatus status,
    int attempt,
    String mlflowRunId,
    String reason,
    Instant submittedAt,
    Instant updatedAt) {

  Job with(JobStatus next, String why, Instant at) {
    return new Job(
        id,
        owner,
        environment,
        template,
        workers,
        next,
        attempt,
        mlflowRunId,
        why,
        submittedAt,
        at);
  }

  Job withRun(String runId, Instant at) {
    return new Job(
        id, owner, environment, template, workers, status, attempt, runId, reason, submittedAt, at);
  }
}
