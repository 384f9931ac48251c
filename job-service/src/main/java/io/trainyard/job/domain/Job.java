package io.trainyard.job.domain;

import io.trainyard.contracts.job.JobSubmitted;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A training job as job-service knows it: what was submitted, where it stands, and its current
 * attempt. Immutable: a transition returns a new value.
 *
 * @param spec what was submitted, kept whole so that every attempt runs the same thing
 * @param mlflowRunId the job's one MLflow run, once tracking created it
 */
public record Job(
    JobSubmitted spec,
    State state,
    Attempt attempt,
    String mlflowRunId,
    Instant submittedAt,
    Instant updatedAt) {

  /**
   * @param queuePosition position in its environment's queue; -1 when not queued
   * @param cancelRequested the owner asked to cancel; a running attempt is stopped first
   */
  public record State(JobStatus status, String reason, int queuePosition, boolean cancelRequested) {

    State to(JobStatus next, String why) {
      return new State(next, why, next == JobStatus.QUEUED ? queuePosition : -1, cancelRequested);
    }
  }

  /**
   * One try at running the job. Only one runs at a time: a lost attempt's Ray job is stopped, and
   * seen stopped, before the next one may start.
   *
   * @param number from 1; a retry after a cluster failure adds one
   * @param submissionId the executor's job of this attempt ({@code <job id>-<number>}), once it is
   *     being started
   * @param logLines lines of this attempt's log already published
   * @param lastStep the step of the last progress published in this attempt
   * @param metrics the latest value of each metric, carried over from earlier attempts
   * @param tail the last lines of the log, the reason a failure gives
   * @param unreachableSince when the cluster stopped answering about this attempt, if it has
   * @param previous the lost previous attempt's executor job, until it is seen stopped
   * @param pauseAt the epoch after which this attempt stops and the job pauses; null: to the end
   * @param resumes how many attempts so far resumed a paused job: those are not retries
   */
  public record Attempt(
      int number,
      String submissionId,
      long logLines,
      long lastStep,
      Map<String, Double> metrics,
      List<String> tail,
      Instant unreachableSince,
      String previous,
      Integer pauseAt,
      int resumes) {

    public Attempt {
      metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
      tail = tail == null ? List.of() : List.copyOf(tail);
    }

    static Attempt first(Integer pauseAt) {
      return new Attempt(1, null, 0, -1, Map.of(), List.of(), null, null, pauseAt, 0);
    }

    Attempt starting(String jobId) {
      return new Attempt(
          number,
          jobId + "-" + number,
          0,
          -1,
          metrics,
          List.of(),
          null,
          previous,
          pauseAt,
          resumes);
    }

    /** The next attempt, which waits until {@code lost}'s executor job is stopped. */
    Attempt next(String lost) {
      return new Attempt(number + 1, null, 0, -1, metrics, List.of(), null, lost, pauseAt, resumes);
    }

    /** The attempt that resumes a paused job, and pauses again after {@code until} (or not). */
    Attempt resumed(Integer until) {
      return new Attempt(
          number + 1, null, 0, -1, metrics, List.of(), null, null, until, resumes + 1);
    }

    /** Attempts that ran the job anew after a failure, this one included. */
    int tries() {
      return number - resumes;
    }

    Attempt unreachable(Instant since) {
      return new Attempt(
          number,
          submissionId,
          logLines,
          lastStep,
          metrics,
          tail,
          since,
          previous,
          pauseAt,
          resumes);
    }

    Attempt previousStopped() {
      return new Attempt(
          number,
          submissionId,
          logLines,
          lastStep,
          metrics,
          tail,
          unreachableSince,
          null,
          pauseAt,
          resumes);
    }

    Attempt read(long lines, long step, Map<String, Double> latest, List<String> lastLines) {
      return new Attempt(
          number, submissionId, lines, step, latest, lastLines, null, previous, pauseAt, resumes);
    }
  }

  static Job accepted(JobSubmitted spec, Integer pauseAt, Instant at) {
    return new Job(
        spec, new State(JobStatus.QUEUED, null, -1, false), Attempt.first(pauseAt), null, at, at);
  }

  public String id() {
    return spec.jobId();
  }

  public String owner() {
    return spec.owner();
  }

  public String environment() {
    return spec.environment();
  }

  public JobStatus status() {
    return state.status();
  }

  public String template() {
    return spec.template() != null ? spec.template() : "own-code";
  }

  public int workers() {
    return spec.workers();
  }

  Job with(State next, Instant at) {
    return new Job(spec, next, attempt, mlflowRunId, submittedAt, at);
  }

  Job with(Attempt next, Instant at) {
    return new Job(spec, state, next, mlflowRunId, submittedAt, at);
  }

  Job with(State nextState, Attempt nextAttempt, Instant at) {
    return new Job(spec, nextState, nextAttempt, mlflowRunId, submittedAt, at);
  }

  Job withRun(String runId, Instant at) {
    return new Job(spec, state, attempt, runId, submittedAt, at);
  }
}
