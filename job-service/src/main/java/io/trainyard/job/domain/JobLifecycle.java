package io.trainyard.job.domain;

import io.trainyard.contracts.job.Executor;
import io.trainyard.contracts.job.JobCancelled;
import io.trainyard.contracts.job.JobFailed;
import io.trainyard.contracts.job.JobPaused;
import io.trainyard.contracts.job.JobQueued;
import io.trainyard.contracts.job.JobRejected;
import io.trainyard.contracts.job.JobResumed;
import io.trainyard.contracts.job.JobStarted;
import io.trainyard.contracts.job.JobSubmitted;
import io.trainyard.contracts.job.JobSucceeded;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The job state machine: queued, starting, running, then succeeded, failed or cancelled, with a new
 * attempt after a cluster failure, which starts only once the lost attempt is seen stopped; an
 * attempt asked to pause after an epoch leaves the job paused until it is resumed. Pure: each
 * method takes the current job and what was observed, and returns what changes.
 */
public class JobLifecycle {

  static final int REASON_LINES = 25;

  private final Clock clock;
  private final int maxAttempts;
  private final Duration lostAfter;
  private final Duration startTimeout;

  /**
   * @param lostAfter how long a running attempt's cluster may stay silent before it is lost
   * @param startTimeout how long an attempt may fail to be submitted (a head still starting answers
   *     "no available agent") before it is lost
   */
  public JobLifecycle(Clock clock, int maxAttempts, Duration lostAfter, Duration startTimeout) {
    this.clock = clock;
    this.maxAttempts = maxAttempts;
    this.lostAfter = lostAfter;
    this.startTimeout = startTimeout;
  }

  /**
   * A second submission with the same id changes nothing; a wrong one is rejected. With {@code
   * pauseAt}, the first attempt pauses the job after that epoch (a sweep's trial at its rung).
   */
  public Transition submitted(
      Optional<Job> existing, JobSubmitted event, Optional<Rejection> problem, Integer pauseAt) {
    if (existing.isPresent()) {
      return Transition.none();
    }
    Job job = Job.accepted(event, pauseAt, clock.instant());
    return problem.map(p -> reject(job, p)).orElseGet(() -> Transition.of(job));
  }

  private Transition reject(Job job, Rejection problem) {
    return Transition.of(
        to(job, JobStatus.REJECTED, problem.field() + ": " + problem.reason()),
        new JobRejected(job.id(), job.owner(), problem.field(), problem.reason()));
  }

  /** The owner's cancel. */
  public Transition cancelRequested(Optional<Job> existing) {
    return stopRequested(existing, existing.map(j -> "cancelled by " + j.owner()).orElse(""));
  }

  /**
   * A waiting job stops at once; a running one is stopped by its executor first, and ends cancelled
   * with {@code why}, which it keeps as its reason until then.
   */
  public Transition stopRequested(Optional<Job> existing, String why) {
    if (existing.isEmpty() || existing.get().status().terminal()) {
      return Transition.none();
    }
    Job job = existing.get();
    if (job.status().waiting()) {
      return cancelled(job, why);
    }
    Job.State s = job.state();
    return s.cancelRequested()
        ? Transition.none()
        : Transition.of(
            job.with(new Job.State(s.status(), why, s.queuePosition(), true), clock.instant()));
  }

  /** The stopped attempt ended: the job is cancelled for the reason it was asked with. */
  private Transition cancelled(Job job) {
    String why = job.state().reason();
    return cancelled(job, why != null ? why : "cancelled by " + job.owner());
  }

  private Transition cancelled(Job job, String why) {
    return Transition.of(
        to(job, JobStatus.CANCELLED, why),
        new JobCancelled(job.id(), job.owner(), job.attempt().number(), why));
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
        to(job, JobStatus.FAILED, reason),
        new JobFailed(job.id(), job.owner(), job.attempt().number(), reason, false));
  }

  /**
   * Jobs share their environment's workers, oldest first: while the environment is ready, queued
   * jobs whose MLflow run exists start in order as long as their workers fit beside those of the
   * attempts running (or lost and still being stopped); the first that does not fit waits, and so
   * does every job behind it. Every other queued job learns its position.
   */
  public List<Transition> schedule(
      Optional<EnvironmentView> environment, List<Job> jobs, SubmissionCheck check) {
    List<Transition> out = new ArrayList<>();
    List<Job> queued =
        jobs.stream()
            .filter(j -> j.status() == JobStatus.QUEUED)
            .sorted(Comparator.comparing(Job::submittedAt).thenComparing(Job::id))
            .toList();
    int busy =
        jobs.stream()
            .filter(j -> j.status().executing() || j.attempt().previous() != null)
            .mapToInt(Job::workers)
            .sum();
    List<Job> starting = new ArrayList<>();
    if (environment.isPresent() && environment.get().ready()) {
      int capacity = environment.get().workers();
      for (Job job : queued) {
        // Without its run it cannot start; with its lost attempt still being stopped it may not.
        if (job.mlflowRunId() == null || job.attempt().previous() != null) {
          continue;
        }
        Optional<Rejection> tooBig = check.fits(job.spec(), environment.get());
        if (tooBig.isPresent()) {
          out.add(reject(job, tooBig.get()));
          continue;
        }
        // An environment of unknown size (0) runs one job at a time.
        boolean fits = capacity > 0 ? busy + job.workers() <= capacity : busy == 0;
        if (!fits) {
          break;
        }
        busy += job.workers();
        starting.add(job);
        out.add(
            Transition.of(
                job.with(
                    job.state().to(JobStatus.STARTING, null),
                    job.attempt().starting(job.id()),
                    clock.instant())));
      }
    }
    int position = 0;
    for (Job job : queued) {
      if (starting.contains(job)
          || out.stream().anyMatch(t -> t.job().get().id().equals(job.id()))) {
        continue;
      }
      if (job.state().queuePosition() != position) {
        Job.State s = job.state();
        out.add(
            Transition.of(
                job.with(
                    new Job.State(s.status(), s.reason(), position, s.cancelRequested()),
                    clock.instant()),
                new JobQueued(job.id(), job.owner(), job.environment(), position)));
      }
      position++;
    }
    return out;
  }

  /** New lines of the running attempt's log: log events, and a progress event per new step. */
  public Transition output(Job job, List<String> fresh) {
    LogOutput.Read read = LogOutput.read(job, fresh);
    return read.events().isEmpty() && read.attempt().equals(job.attempt())
        ? Transition.none()
        : Transition.of(job.with(read.attempt(), clock.instant()), read.events());
  }

  /**
   * What the cluster said about the running attempt, with the log lines read since the last look;
   * an attempt that ended ends the job once its log has been read to the end.
   */
  public Transition observed(Job job, AttemptStatus status, LogRead log) {
    Transition t =
        switch (status.state()) {
          case PENDING -> Transition.none();
          case RUNNING -> {
            Transition started = running(job);
            yield started.then(output(started.job().orElse(job), log.lines()));
          }
          case SUCCEEDED, FAILED, STOPPED -> {
            Transition started = running(job);
            Transition read = started.then(output(started.job().orElse(job), log.lines()));
            yield log.more() ? read : read.then(end(read.job().orElse(job), status));
          }
          case NOT_FOUND ->
              job.status() == JobStatus.RUNNING
                  ? lost(job, "the Ray job is gone: the cluster restarted under it")
                  : Transition.none();
          case UNREACHABLE -> unreachable(job, status.message());
        };
    if (status.state() != AttemptStatus.State.UNREACHABLE
        && t.job().isEmpty()
        && job.attempt().unreachableSince() != null) {
      return Transition.of(job.with(job.attempt().unreachable(null), clock.instant()));
    }
    return t;
  }

  /** The cluster refused the attempt outright: running it again would not help. */
  public Transition refused(Job job, String why) {
    return job.status().executing() ? failed(job, why) : Transition.none();
  }

  /** The Ray job runs: the attempt has started. */
  public Transition running(Job job) {
    if (job.status() != JobStatus.STARTING) {
      return Transition.none();
    }
    Executor executor = job.spec().executorOrDefault();
    // A stop asked for while it started keeps its reason until the attempt ends.
    String reason = job.state().cancelRequested() ? job.state().reason() : null;
    return Transition.of(
        to(job, JobStatus.RUNNING, reason),
        new JobStarted(
            job.id(),
            job.owner(),
            job.attempt().number(),
            executor,
            executor == Executor.RAY ? job.attempt().submissionId() : null,
            job.mlflowRunId()));
  }

  private Transition end(Job job, AttemptStatus status) {
    if (!job.status().executing()) {
      return Transition.none();
    }
    Optional<Progress.Paused> paused =
        status.state() == AttemptStatus.State.SUCCEEDED && job.attempt().pauseAt() != null
            ? job.attempt().tail().stream()
                .map(Progress::paused)
                .flatMap(Optional::stream)
                .reduce((first, last) -> last)
            : Optional.empty();
    if (paused.isPresent()) {
      return job.state().cancelRequested() ? cancelled(job) : paused(job, paused.get());
    }
    return switch (status.state()) {
      case SUCCEEDED ->
          Transition.of(
              to(job, JobStatus.SUCCEEDED, null),
              new JobSucceeded(
                  job.id(),
                  job.owner(),
                  job.attempt().number(),
                  job.attempt().metrics(),
                  status.modelUri() != null ? status.modelUri() : modelUri(job)));
      case STOPPED ->
          job.state().cancelRequested()
              ? cancelled(job)
              : lost(job, "the Ray job was stopped outside Trainyard");
      default ->
          status.infrastructureFailure()
              ? lost(
                  job, "the cluster failed under the job: " + LogOutput.lastLines(job.attempt(), 3))
              : failed(job, failure(status, job.attempt()));
    };
  }

  /** The attempt stopped after the epoch it was asked to: the job waits, holding no workers. */
  private Transition paused(Job job, Progress.Paused at) {
    String why =
        "paused after epoch " + at.epoch() + " of " + at.epochs() + ": waiting to be resumed";
    return Transition.of(
        to(job, JobStatus.PAUSED, why),
        new JobPaused(job.id(), job.owner(), job.attempt().number(), at.epoch(), at.epochs(), why));
  }

  /**
   * A paused job is queued again: its next attempt resumes from the checkpoint and pauses again
   * after {@code until}, or trains to the end when it is null.
   */
  public Transition resumed(Optional<Job> existing, Integer until, String why) {
    if (existing.isEmpty() || existing.get().status() != JobStatus.PAUSED) {
      return Transition.none();
    }
    Job job = existing.get();
    Job.Attempt next = job.attempt().resumed(until);
    return Transition.of(
        job.with(new Job.State(JobStatus.QUEUED, why, -1, false), next, clock.instant()),
        new JobResumed(job.id(), job.owner(), next.number(), until, why));
  }

  private static String modelUri(Job job) {
    return job.mlflowRunId() == null ? null : "runs:/" + job.mlflowRunId() + "/model";
  }

  private static String failure(AttemptStatus status, Job.Attempt attempt) {
    List<String> lines = attempt.tail();
    for (int i = lines.size() - 1; i >= 0; i--) {
      Optional<String> stopped = Progress.stopped(lines.get(i));
      if (stopped.isPresent()) {
        return "stopped: " + stopped.get();
      }
    }
    String tail = LogOutput.lastLines(attempt, REASON_LINES);
    String message = status.message() == null ? "the job failed" : status.message();
    // Ray adds 20,000 characters of the log to its message; the tail below says it better.
    int logs = message.indexOf(", last available logs");
    message = logs > 0 ? message.substring(0, logs) : message;
    return tail.isEmpty() ? message : message + "\n" + tail;
  }

  private Transition failed(Job job, String reason) {
    return Transition.of(
        to(job, JobStatus.FAILED, reason),
        new JobFailed(job.id(), job.owner(), job.attempt().number(), reason, false));
  }

  /**
   * The attempt was lost to the cluster, not to the job: another attempt resumes from the last
   * checkpoint, up to the configured number of attempts, once this one's executor job is seen
   * stopped: two attempts never run at once.
   */
  public Transition lost(Job job, String why) {
    if (!job.status().executing()) {
      return Transition.none();
    }
    if (job.state().cancelRequested()) {
      return cancelled(job);
    }
    int number = job.attempt().number();
    int tries = job.attempt().tries();
    if (tries >= maxAttempts) {
      return failed(job, "gave up after " + tries + " attempts; the last: " + why);
    }
    return Transition.of(
        job.with(
            job.state().to(JobStatus.QUEUED, why),
            job.attempt().next(job.attempt().submissionId()),
            clock.instant()),
        new JobFailed(job.id(), job.owner(), number, why, true));
  }

  /** The lost attempt's executor job is stopped, or its cluster is gone: the next may start. */
  public Transition previousStopped(Job job) {
    return job.attempt().previous() == null
        ? Transition.none()
        : Transition.of(job.with(job.attempt().previousStopped(), clock.instant()));
  }

  /**
   * The cluster does not answer, or does not take the attempt: after {@code lostAfter} of silence
   * (a starting attempt: {@code startTimeout}) the attempt is lost.
   */
  public Transition unreachable(Job job, String why) {
    Instant now = clock.instant();
    Instant since = job.attempt().unreachableSince();
    if (since == null) {
      return Transition.of(job.with(job.attempt().unreachable(now), now));
    }
    Duration patience = job.status() == JobStatus.STARTING ? startTimeout : lostAfter;
    if (Duration.between(since, now).compareTo(patience) >= 0) {
      return lost(job, "the Ray cluster stopped answering: " + why);
    }
    return Transition.none();
  }

  private Job to(Job job, JobStatus status, String reason) {
    return job.with(job.state().to(status, reason), clock.instant());
  }
}
