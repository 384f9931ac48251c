package io.trainyard.job.api;

import io.trainyard.contracts.job.Executor;
import io.trainyard.job.domain.AttemptRefusedException;
import io.trainyard.job.domain.AttemptStatus;
import io.trainyard.job.domain.EnvironmentView;
import io.trainyard.job.domain.Environments;
import io.trainyard.job.domain.Job;
import io.trainyard.job.domain.JobEventHandler;
import io.trainyard.job.domain.JobEvents;
import io.trainyard.job.domain.JobLifecycle;
import io.trainyard.job.domain.JobStatus;
import io.trainyard.job.domain.Jobs;
import io.trainyard.job.domain.SubmissionCheck;
import io.trainyard.job.domain.TrainingBackend;
import io.trainyard.job.domain.Transition;
import io.trainyard.platform.loop.WakeableLoop;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts queued jobs and follows running ones. Calls to the cluster happen outside transactions;
 * what they show is applied to the freshly locked job in one transaction with its events, so a
 * restart of job-service carries on where it stopped, with the same Ray jobs.
 */
public class ExecutionLoop extends WakeableLoop {

  private static final Logger log = LoggerFactory.getLogger(ExecutionLoop.class);

  private final Jobs jobs;
  private final Environments environments;
  private final JobEvents events;
  private final JobLifecycle lifecycle;
  private final SubmissionCheck check;
  private final Map<Executor, TrainingBackend> backends;
  private final TransactionTemplate tx;

  public ExecutionLoop(
      Jobs jobs,
      Environments environments,
      JobEvents events,
      JobLifecycle lifecycle,
      SubmissionCheck check,
      Map<Executor, TrainingBackend> backends,
      TransactionTemplate tx,
      Duration interval) {
    super("job-executor", interval);
    this.jobs = jobs;
    this.environments = environments;
    this.events = events;
    this.lifecycle = lifecycle;
    this.check = check;
    this.backends = backends;
    this.tx = tx;
  }

  @Override
  protected boolean runOnce() {
    schedule();
    boolean starting = false;
    for (Job job : jobs.active()) {
      if (job.status().executing()) {
        MDC.put("jobId", job.id());
        try {
          supervise(job);
        } catch (RuntimeException e) {
          log.warn("following job {} failed, will retry: {}", job.id(), e.toString());
        } finally {
          MDC.remove("jobId");
        }
        starting |= job.status() == JobStatus.STARTING;
      }
    }
    if (starting) {
      // A starting job is looked at more often: submit-to-running is what users feel.
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      return true;
    }
    return false;
  }

  private void schedule() {
    Map<String, Job> byEnvironment = new LinkedHashMap<>();
    for (Job job : jobs.active()) {
      byEnvironment.putIfAbsent(job.owner() + "/" + job.environment(), job);
    }
    for (Job first : byEnvironment.values()) {
      tx.executeWithoutResult(
          s -> {
            List<Job> inEnvironment = jobs.unfinishedIn(first.owner(), first.environment());
            inEnvironment.forEach(j -> jobs.lock(j.id()));
            Optional<EnvironmentView> env = environmentOf(first);
            for (Transition t : lifecycle.schedule(env, inEnvironment, check)) {
              Job next = t.job().orElseThrow();
              String cause =
                  "schedule/"
                      + next.id()
                      + "/"
                      + next.attempt()
                      + "/"
                      + next.status()
                      + "/"
                      + next.queuePosition();
              if (next.status() != JobStatus.QUEUED) {
                log.info(
                    "job {} attempt {}: {} {}",
                    next.id(),
                    next.attempt(),
                    next.status(),
                    next.reason() == null ? "" : next.reason());
              }
              JobEventHandler.apply(jobs, events, cause, t);
            }
          });
    }
  }

  /** A Ray job's environment as its events told; a DJL job's is this machine. */
  private Optional<EnvironmentView> environmentOf(Job job) {
    return job.spec().executorOrDefault() == Executor.DJL
        ? Optional.of(EnvironmentView.local(job.owner(), job.environment()))
        : environments.find(job.owner(), job.environment());
  }

  private TrainingBackend backendOf(Job job) {
    TrainingBackend backend = backends.get(job.spec().executorOrDefault());
    if (backend == null) {
      throw new IllegalStateException("no " + job.spec().executorOrDefault() + " executor here");
    }
    return backend;
  }

  private void supervise(Job job) {
    TrainingBackend backend = backendOf(job);
    Optional<EnvironmentView> found = environmentOf(job);
    if (found.isEmpty()) {
      return; // the environment's deletion fails the job
    }
    EnvironmentView env = found.get();
    String id = job.raySubmissionId();
    if (job.cancelRequested()) {
      try {
        backend.stop(env, id);
      } catch (RuntimeException e) {
        log.warn("stopping {} failed, will retry: {}", id, e.toString());
      }
    }
    AttemptStatus status = backend.status(env, id);
    if (status.state() == AttemptStatus.State.NOT_FOUND && job.status() == JobStatus.STARTING) {
      submit(env, job);
      return;
    }
    String logs =
        status.state() == AttemptStatus.State.RUNNING || status.state().terminal()
            ? backend.logs(env, id)
            : "";
    change(job, current -> lifecycle.observed(current, status, logs));
  }

  private void submit(EnvironmentView env, Job job) {
    try {
      backendOf(job).submit(env, job);
    } catch (AttemptRefusedException e) {
      change(job, current -> lifecycle.refused(current, e.getMessage()));
    } catch (RuntimeException e) {
      log.warn("submitting {} failed, will retry: {}", job.raySubmissionId(), e.toString());
      change(job, current -> lifecycle.unreachable(current, e.getMessage()));
    }
  }

  /** Applies {@code change} to the job as stored now, if it is still the same attempt. */
  private void change(Job seen, Function<Job, Transition> change) {
    tx.executeWithoutResult(
        s ->
            jobs.lock(seen.id())
                .filter(j -> j.attempt() == seen.attempt() && j.status().executing())
                .ifPresent(
                    current ->
                        JobEventHandler.apply(
                            jobs,
                            events,
                            "execute/"
                                + current.id()
                                + "/"
                                + current.attempt()
                                + "/"
                                + current.status()
                                + "/"
                                + current.logLines()
                                + "/"
                                + current.unreachableSince(),
                            change.apply(current))));
  }

  /** Stops before the web server and Kafka listeners go away. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 100;
  }
}
