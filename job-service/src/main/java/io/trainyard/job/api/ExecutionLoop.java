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
import io.trainyard.job.domain.LogRead;
import io.trainyard.job.domain.SubmissionCheck;
import io.trainyard.job.domain.TrainingBackend;
import io.trainyard.job.domain.Transition;
import io.trainyard.platform.loop.WakeableLoop;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts queued jobs and follows running ones. Each job is followed on a worker of its own, so a
 * cluster that stalls (the user's own head) delays only that user's job; a job whose last look is
 * still under way is skipped, not queued twice. Calls to the cluster happen outside transactions;
 * what they show is applied to the freshly locked job in one transaction with its events, so a
 * restart of job-service carries on where it stopped, with the same Ray jobs.
 */
public class ExecutionLoop extends WakeableLoop {

  private static final Logger log = LoggerFactory.getLogger(ExecutionLoop.class);

  /** Log lines read per look at a job: a chatty job still makes few, bounded events a tick. */
  static final int LINES_PER_LOOK = 2_000;

  private final Jobs jobs;
  private final Environments environments;
  private final JobEvents events;
  private final JobLifecycle lifecycle;
  private final SubmissionCheck check;
  private final Map<Executor, TrainingBackend> backends;
  private final TransactionTemplate tx;
  private final ExecutorService workers;
  private final Set<String> underWay = ConcurrentHashMap.newKeySet();

  public ExecutionLoop(
      Jobs jobs,
      Environments environments,
      JobEvents events,
      JobLifecycle lifecycle,
      SubmissionCheck check,
      Map<Executor, TrainingBackend> backends,
      TransactionTemplate tx,
      Duration interval,
      int maxConcurrentLooks) {
    super("job-executor", interval);
    this.jobs = jobs;
    this.environments = environments;
    this.events = events;
    this.lifecycle = lifecycle;
    this.check = check;
    this.backends = backends;
    this.tx = tx;
    AtomicInteger threads = new AtomicInteger();
    this.workers =
        new ThreadPoolExecutor(
            0,
            maxConcurrentLooks,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> {
              Thread t = new Thread(r, "job-look-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  protected boolean runOnce() {
    schedule();
    boolean soon = false;
    for (Job job : jobs.active()) {
      if (job.status().executing() || job.attempt().previous() != null) {
        dispatch(job);
        // A starting job is looked at more often: submit-to-running is what users feel.
        soon |= job.status() == JobStatus.STARTING;
      }
    }
    if (soon) {
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

  /** Looks at the job on a worker, unless its last look is still under way. */
  private void dispatch(Job job) {
    if (!underWay.add(job.id())) {
      return;
    }
    try {
      workers.execute(
          () -> {
            MDC.put("jobId", job.id());
            try {
              if (job.attempt().previous() != null) {
                stopPrevious(job);
              } else {
                supervise(job);
              }
            } catch (RuntimeException e) {
              log.warn("following job {} failed, will retry: {}", job.id(), e.toString());
            } finally {
              MDC.remove("jobId");
              underWay.remove(job.id());
            }
          });
    } catch (RejectedExecutionException e) {
      underWay.remove(job.id());
    }
  }

  private void schedule() {
    Map<String, Job> byEnvironment = new LinkedHashMap<>();
    for (Job job : jobs.active()) {
      byEnvironment.putIfAbsent(job.owner() + "/" + job.environment(), job);
    }
    for (Job first : byEnvironment.values()) {
      tx.executeWithoutResult(
          s -> {
            // Decided on the jobs as locked, not as first read: a run created in between (its
            // own transaction) would otherwise be overwritten by a queue update of the old copy.
            List<Job> inEnvironment =
                jobs.unfinishedIn(first.owner(), first.environment()).stream()
                    .map(j -> jobs.lock(j.id()))
                    .flatMap(Optional::stream)
                    .filter(j -> !j.status().terminal())
                    .toList();
            Optional<EnvironmentView> env = environmentOf(first);
            for (Transition t : lifecycle.schedule(env, inEnvironment, check)) {
              Job next = t.job().orElseThrow();
              String cause =
                  "schedule/"
                      + next.id()
                      + "/"
                      + next.attempt().number()
                      + "/"
                      + next.status()
                      + "/"
                      + next.state().queuePosition();
              if (next.status() != JobStatus.QUEUED) {
                log.info(
                    "job {} attempt {}: {} {}",
                    next.id(),
                    next.attempt().number(),
                    next.status(),
                    next.state().reason() == null ? "" : next.state().reason());
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
    String id = job.attempt().submissionId();
    if (job.state().cancelRequested()) {
      stopNow(backend, env, id);
    }
    AttemptStatus status = backend.status(env, id);
    if (status.state() == AttemptStatus.State.NOT_FOUND && job.status() == JobStatus.STARTING) {
      submit(env, job);
      return;
    }
    LogRead logs =
        status.state() == AttemptStatus.State.RUNNING || status.state().terminal()
            ? backend.logs(
                env, id, job.attempt().logLines(), LINES_PER_LOOK, status.state().terminal())
            : LogRead.none();
    Job after = change(job, current -> lifecycle.observed(current, status, logs));
    if (after != null && !after.status().executing()) {
      backend.forget(id);
    } else if (!job.state().cancelRequested()
        && jobs.find(job.id()).filter(j -> j.state().cancelRequested()).isPresent()) {
      // What it just reported had it stopped (its sweep's early stopping): stop it now, not
      // a look later, while it trains on.
      stopNow(backend, env, id);
    }
    if (logs.more()) {
      wake();
    }
  }

  private static void stopNow(TrainingBackend backend, EnvironmentView env, String id) {
    try {
      backend.stop(env, id);
    } catch (RuntimeException e) {
      log.warn("stopping {} failed, will retry: {}", id, e.toString());
    }
  }

  /**
   * The lost attempt's executor job is stopped, and only once the cluster says it is not running
   * (ended, or unknown to a cluster that restarted) may the next attempt start.
   */
  private void stopPrevious(Job job) {
    TrainingBackend backend = backendOf(job);
    Optional<EnvironmentView> found = environmentOf(job);
    if (found.isEmpty()) {
      return; // the environment's deletion fails the job, and its cluster went with it
    }
    String previous = job.attempt().previous();
    backend.stop(found.get(), previous);
    AttemptStatus status = backend.status(found.get(), previous);
    if (status.state().terminal() || status.state() == AttemptStatus.State.NOT_FOUND) {
      log.info("the lost attempt {} is stopped: the next may start", previous);
      backend.forget(previous);
      changeQueued(job, lifecycle::previousStopped);
      wake();
    } else {
      log.info("waiting for the lost attempt {} to stop: {}", previous, status.state());
    }
  }

  private void submit(EnvironmentView env, Job job) {
    try {
      backendOf(job).submit(env, job);
    } catch (AttemptRefusedException e) {
      change(job, current -> lifecycle.refused(current, e.getMessage()));
    } catch (RuntimeException e) {
      log.warn("submitting {} failed, will retry: {}", job.attempt().submissionId(), e.toString());
      change(job, current -> lifecycle.unreachable(current, e.getMessage()));
    }
  }

  /**
   * Applies {@code change} to the job as stored now, if it is still the same attempt running;
   * returns the job after it, or null when nothing applied.
   */
  private Job change(Job seen, Function<Job, Transition> change) {
    return tx.execute(
        s ->
            jobs.lock(seen.id())
                .filter(j -> j.attempt().number() == seen.attempt().number())
                .filter(j -> j.status().executing())
                .map(
                    current -> {
                      Transition t = change.apply(current);
                      JobEventHandler.apply(jobs, events, cause(current), t);
                      return t.job().orElse(current);
                    })
                .orElse(null));
  }

  private void changeQueued(Job seen, Function<Job, Transition> change) {
    tx.executeWithoutResult(
        s ->
            jobs.lock(seen.id())
                .filter(j -> j.attempt().number() == seen.attempt().number())
                .filter(j -> j.status() == JobStatus.QUEUED)
                .ifPresent(
                    current ->
                        JobEventHandler.apply(
                            jobs, events, cause(current), change.apply(current))));
  }

  /** The same observation of the same attempt state makes the same event ids. */
  private static String cause(Job job) {
    return "execute/"
        + job.id()
        + "/"
        + job.attempt().number()
        + "/"
        + job.status()
        + "/"
        + job.attempt().logLines()
        + "/"
        + job.attempt().unreachableSince()
        + "/"
        + job.attempt().previous();
  }

  /** Stops before the web server and Kafka listeners go away. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 100;
  }

  @Override
  public synchronized void stop() {
    super.stop();
    workers.shutdownNow();
  }
}
