package io.trainyard.job.domain;

import io.trainyard.contracts.TrainyardEvent;
import io.trainyard.contracts.job.Executor;
import io.trainyard.contracts.job.JobCancelled;
import io.trainyard.contracts.job.JobFailed;
import io.trainyard.contracts.job.JobProgressed;
import io.trainyard.contracts.job.JobQueued;
import io.trainyard.contracts.job.JobRejected;
import io.trainyard.contracts.job.JobStarted;
import io.trainyard.contracts.job.JobSubmitted;
import io.trainyard.contracts.job.JobSucceeded;
import io.trainyard.contracts.joblog.JobLogsAppended;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The job state machine: queued, starting, running, then succeeded, failed or cancelled, with a new
 * attempt after a cluster failure. Pure: each method takes the current job and what was observed,
 * and returns what changes.
 */
public class JobLifecycle {

  /** Lines per log event: a chatty job still makes few, small events. */
  static final int LINES_PER_EVENT = 200;

  static final int MAX_LINE = 4096;
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

  /** A second submission with the same id changes nothing; a wrong one is rejected. */
  public Transition submitted(
      Optional<Job> existing, JobSubmitted event, Optional<Rejection> problem) {
    if (existing.isPresent()) {
      return Transition.none();
    }
    Job job = Job.accepted(event, clock.instant());
    return problem.map(p -> reject(job, p)).orElseGet(() -> Transition.of(job));
  }

  private Transition reject(Job job, Rejection problem) {
    return Transition.of(
        job.with(JobStatus.REJECTED, problem.field() + ": " + problem.reason(), clock.instant()),
        new JobRejected(job.id(), job.owner(), problem.field(), problem.reason()));
  }

  /** A waiting job stops at once; a running one is stopped by its executor first. */
  public Transition cancelRequested(Optional<Job> existing) {
    if (existing.isEmpty() || existing.get().status().terminal()) {
      return Transition.none();
    }
    Job job = existing.get();
    if (job.status().waiting()) {
      return cancelled(job);
    }
    return job.cancelRequested()
        ? Transition.none()
        : Transition.of(job.withCancelRequested(clock.instant()));
  }

  private Transition cancelled(Job job) {
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

  /**
   * One job at a time per environment, oldest first: when the environment is ready and idle the
   * first queued job whose MLflow run exists starts; every other queued job learns its position.
   */
  public List<Transition> schedule(
      Optional<EnvironmentView> environment, List<Job> jobs, SubmissionCheck check) {
    List<Transition> out = new ArrayList<>();
    List<Job> queued =
        jobs.stream()
            .filter(j -> j.status() == JobStatus.QUEUED)
            .sorted(Comparator.comparing(Job::submittedAt).thenComparing(Job::id))
            .toList();
    boolean idle = jobs.stream().noneMatch(j -> j.status().executing());
    Job starting = null;
    if (idle && environment.isPresent() && environment.get().ready()) {
      for (Job job : queued) {
        if (job.mlflowRunId() == null) {
          continue;
        }
        Optional<Rejection> tooBig = check.fits(job.spec(), environment.get());
        if (tooBig.isPresent()) {
          out.add(reject(job, tooBig.get()));
          continue;
        }
        starting = job;
        out.add(Transition.of(job.starting(clock.instant())));
        break;
      }
    }
    int position = 0;
    for (Job job : queued) {
      if (job == starting || out.stream().anyMatch(t -> t.job().get().id().equals(job.id()))) {
        continue;
      }
      if (job.queuePosition() != position) {
        out.add(
            Transition.of(
                job.withQueuePosition(position, clock.instant()),
                new JobQueued(job.id(), job.owner(), job.environment(), position)));
      }
      position++;
    }
    return out;
  }

  /** New log output of the running attempt: log events, and a progress event per new step. */
  public Transition output(Job job, String log, boolean complete) {
    List<String> lines = lines(log, complete);
    if (lines.size() <= job.logLines()) {
      return Transition.none();
    }
    List<TrainyardEvent> events = new ArrayList<>();
    long step = job.lastStep();
    Map<String, Double> metrics = new LinkedHashMap<>(job.metrics());
    List<String> fresh = lines.subList((int) job.logLines(), lines.size());
    for (int i = 0; i < fresh.size(); i += LINES_PER_EVENT) {
      List<String> chunk = fresh.subList(i, Math.min(fresh.size(), i + LINES_PER_EVENT));
      events.add(
          new JobLogsAppended(
              job.id(),
              job.owner(),
              job.attempt(),
              job.logLines() + i,
              chunk.stream().map(JobLifecycle::clip).toList()));
    }
    for (String line : fresh) {
      Optional<Progress> progress = Progress.parse(line);
      // Ray may print a worker's line twice; a step is reported once.
      if (progress.isPresent() && progress.get().step() > step) {
        Progress p = progress.get();
        step = p.step();
        metrics.putAll(p.metrics());
        events.add(
            new JobProgressed(
                job.id(),
                job.owner(),
                job.attempt(),
                p.epoch(),
                p.epochs(),
                p.step(),
                p.metrics()));
      }
    }
    return Transition.of(job.withOutput(lines.size(), step, metrics, clock.instant()), events);
  }

  /** What the cluster said about the running attempt, with its log so far. */
  public Transition observed(Job job, AttemptStatus status, String log) {
    Transition t =
        switch (status.state()) {
          case PENDING -> Transition.none();
          case RUNNING -> {
            Transition started = running(job);
            yield started.then(output(started.job().orElse(job), log, false));
          }
          case SUCCEEDED, FAILED, STOPPED -> {
            Transition started = running(job);
            yield started.then(finished(started.job().orElse(job), status, log));
          }
          case NOT_FOUND ->
              job.status() == JobStatus.RUNNING
                  ? lost(job, "the Ray job is gone: the cluster restarted under it")
                  : Transition.none();
          case UNREACHABLE -> unreachable(job, status.message());
        };
    if (status.state() != AttemptStatus.State.UNREACHABLE
        && t.job().isEmpty()
        && job.unreachableSince() != null) {
      return Transition.of(job.withUnreachableSince(null, clock.instant()));
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
    return Transition.of(
        job.with(JobStatus.RUNNING, null, clock.instant()),
        new JobStarted(
            job.id(),
            job.owner(),
            job.attempt(),
            job.spec().executorOrDefault(),
            job.spec().executorOrDefault() == Executor.RAY ? job.raySubmissionId() : null,
            job.mlflowRunId()));
  }

  /** The attempt's Ray job ended; {@code log} is its whole log. */
  public Transition finished(Job job, AttemptStatus status, String log) {
    Transition read = output(job, log, true);
    Job current = read.job().orElse(job);
    return read.then(end(current, status, log));
  }

  private Transition end(Job job, AttemptStatus status, String log) {
    return switch (status.state()) {
      case SUCCEEDED ->
          Transition.of(
              job.with(JobStatus.SUCCEEDED, null, clock.instant()),
              new JobSucceeded(
                  job.id(),
                  job.owner(),
                  job.attempt(),
                  job.metrics(),
                  status.modelUri() != null ? status.modelUri() : modelUri(job)));
      case STOPPED ->
          job.cancelRequested()
              ? cancelled(job)
              : lost(job, "the Ray job was stopped outside Trainyard");
      default ->
          status.infrastructureFailure()
              ? lost(job, "the cluster failed under the job: " + lastLines(log, 3))
              : failed(job, failure(status, log));
    };
  }

  private static String modelUri(Job job) {
    return job.mlflowRunId() == null ? null : "runs:/" + job.mlflowRunId() + "/model";
  }

  private static String failure(AttemptStatus status, String log) {
    String tail = lastLines(log, REASON_LINES);
    String message = status.message() == null ? "the job failed" : status.message();
    return tail.isEmpty() ? message : message + "\n" + tail;
  }

  private Transition failed(Job job, String reason) {
    return Transition.of(
        job.with(JobStatus.FAILED, reason, clock.instant()),
        new JobFailed(job.id(), job.owner(), job.attempt(), reason, false));
  }

  /**
   * The attempt was lost to the cluster, not to the job: another attempt resumes from the last
   * checkpoint, up to the configured number of attempts.
   */
  public Transition lost(Job job, String why) {
    if (!job.status().executing()) {
      return Transition.none();
    }
    if (job.cancelRequested()) {
      return cancelled(job);
    }
    if (job.attempt() >= maxAttempts) {
      return failed(job, "gave up after " + job.attempt() + " attempts; the last: " + why);
    }
    return Transition.of(
        job.retried(why, clock.instant()),
        new JobFailed(job.id(), job.owner(), job.attempt(), why, true));
  }

  /**
   * The cluster does not answer, or does not take the attempt: after {@code lostAfter} of silence
   * (a starting attempt: {@code startTimeout}) the attempt is lost.
   */
  public Transition unreachable(Job job, String why) {
    Instant now = clock.instant();
    if (job.unreachableSince() == null) {
      return Transition.of(job.withUnreachableSince(now, now));
    }
    Duration patience = job.status() == JobStatus.STARTING ? startTimeout : lostAfter;
    if (Duration.between(job.unreachableSince(), now).compareTo(patience) >= 0) {
      return lost(job, "the Ray cluster stopped answering: " + why);
    }
    return Transition.none();
  }

  static List<String> lines(String log, boolean complete) {
    if (log == null || log.isEmpty()) {
      return List.of();
    }
    List<String> lines = new ArrayList<>(Arrays.asList(log.split("\n", -1)));
    // The last piece is a line still being written, unless the log is complete.
    String last = lines.remove(lines.size() - 1);
    if (complete && !last.isEmpty()) {
      lines.add(last);
    }
    return lines;
  }

  private static String clip(String line) {
    String plain = line.replaceAll("\u001B\\[[0-9;]*m", "");
    return plain.length() > MAX_LINE ? plain.substring(0, MAX_LINE) + " [cut]" : plain;
  }

  static String lastLines(String log, int count) {
    List<String> lines =
        lines(log, true).stream().map(JobLifecycle::clip).filter(l -> !l.isBlank()).toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
  }
}
