package io.trainyard.gateway.domain;

import io.trainyard.contracts.environment.EnvironmentDeleteRequested;
import io.trainyard.contracts.environment.EnvironmentDeleted;
import io.trainyard.contracts.environment.EnvironmentEvent;
import io.trainyard.contracts.environment.EnvironmentFailed;
import io.trainyard.contracts.environment.EnvironmentProvisioning;
import io.trainyard.contracts.environment.EnvironmentReady;
import io.trainyard.contracts.environment.EnvironmentRejected;
import io.trainyard.contracts.environment.EnvironmentRequested;
import io.trainyard.contracts.job.FileRef;
import io.trainyard.contracts.job.JobCancelRequested;
import io.trainyard.contracts.job.JobCancelled;
import io.trainyard.contracts.job.JobEvent;
import io.trainyard.contracts.job.JobFailed;
import io.trainyard.contracts.job.JobPaused;
import io.trainyard.contracts.job.JobProgressed;
import io.trainyard.contracts.job.JobQueued;
import io.trainyard.contracts.job.JobRejected;
import io.trainyard.contracts.job.JobResumed;
import io.trainyard.contracts.job.JobStarted;
import io.trainyard.contracts.job.JobSubmitted;
import io.trainyard.contracts.job.JobSucceeded;
import io.trainyard.contracts.tracking.JobTrackingEvent;
import io.trainyard.contracts.tracking.ModelRegistered;
import io.trainyard.contracts.tracking.RunCreated;
import io.trainyard.gateway.domain.EnvironmentView.Size;
import io.trainyard.gateway.domain.JobView.Attempt;
import io.trainyard.gateway.domain.JobView.ModelRef;
import io.trainyard.gateway.domain.JobView.Progress;
import io.trainyard.gateway.domain.JobView.State;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Folds events into the read model. A view that reached an end state keeps it: a late progress
 * event never turns a finished job back into a running one.
 */
public final class Projections {

  private Projections() {}

  public static Optional<JobView> job(Optional<JobView> current, JobEvent event, Instant at) {
    if (event instanceof JobSubmitted s) {
      return current.isPresent() ? Optional.empty() : Optional.of(submitted(s, at));
    }
    if (current.isEmpty()) {
      return Optional.empty();
    }
    JobView v = current.get();
    State s = v.state();
    boolean ended = s.status().ended();
    if (event instanceof JobRejected r) {
      return moved(
          v,
          new State(
              JobStatus.REJECTED,
              s.attempt(),
              null,
              r.field() + ": " + r.reason(),
              s.progress(),
              s.metrics(),
              s.attempts()),
          at);
    } else if (ended) {
      return Optional.empty();
    } else if (event instanceof JobQueued q) {
      return moved(
          v,
          new State(
              JobStatus.QUEUED,
              s.attempt(),
              q.position(),
              s.reason(),
              s.progress(),
              s.metrics(),
              s.attempts()),
          at);
    } else if (event instanceof JobStarted st) {
      List<Attempt> attempts = new ArrayList<>(s.attempts());
      if (attempts.stream().noneMatch(a -> a.number() == st.attempt())) {
        attempts.add(new Attempt(st.attempt(), JobStatus.RUNNING, at, null, null));
      }
      JobView running =
          v.with(
              new State(
                  cancelling(s, JobStatus.RUNNING),
                  st.attempt(),
                  null,
                  null,
                  s.progress(),
                  s.metrics(),
                  List.copyOf(attempts)),
              at);
      return Optional.of(
          st.mlflowRunId() == null || v.mlflowRunId() != null
              ? running
              : running.withRun(v.mlflowExperimentId(), st.mlflowRunId(), at));
    } else if (event instanceof JobProgressed p) {
      return moved(
          v,
          new State(
              cancelling(s, JobStatus.RUNNING),
              p.attempt(),
              null,
              null,
              new Progress(p.epoch(), p.epochs(), p.step()),
              latest(s.metrics(), p.metrics()),
              s.attempts()),
          at);
    } else if (event instanceof JobPaused p) {
      return moved(
          v,
          new State(
              cancelling(s, JobStatus.PAUSED),
              p.attempt(),
              null,
              p.reason(),
              s.progress(),
              s.metrics(),
              ended(s.attempts(), p.attempt(), JobStatus.PAUSED, p.reason(), at)),
          at);
    } else if (event instanceof JobResumed r) {
      return moved(
          v,
          new State(
              cancelling(s, JobStatus.QUEUED),
              s.attempt(),
              null,
              r.reason(),
              s.progress(),
              s.metrics(),
              s.attempts()),
          at);
    } else if (event instanceof JobSucceeded done) {
      Progress full =
          s.progress() == null
              ? null
              : new Progress(s.progress().epochs(), s.progress().epochs(), s.progress().step());
      return moved(
          v,
          new State(
              JobStatus.SUCCEEDED,
              done.attempt(),
              null,
              null,
              full,
              done.metrics(),
              ended(s.attempts(), done.attempt(), JobStatus.SUCCEEDED, null, at)),
          at);
    } else if (event instanceof JobFailed f) {
      JobStatus status = f.retriable() ? JobStatus.RETRYING : JobStatus.FAILED;
      return moved(
          v,
          new State(
              status,
              f.attempt(),
              null,
              f.reason(),
              s.progress(),
              s.metrics(),
              ended(s.attempts(), f.attempt(), JobStatus.FAILED, f.reason(), at)),
          at);
    } else if (event instanceof JobCancelRequested) {
      return moved(
          v,
          new State(
              JobStatus.CANCELLING,
              s.attempt(),
              null,
              s.reason(),
              s.progress(),
              s.metrics(),
              s.attempts()),
          at);
    } else if (event instanceof JobCancelled c) {
      return moved(
          v,
          new State(
              JobStatus.CANCELLED,
              s.attempt(),
              null,
              c.reason(),
              s.progress(),
              s.metrics(),
              ended(s.attempts(), c.attempt(), JobStatus.CANCELLED, c.reason(), at)),
          at);
    }
    return Optional.empty();
  }

  public static Optional<JobView> tracking(
      Optional<JobView> current, JobTrackingEvent event, Instant at) {
    if (current.isEmpty()) {
      return Optional.empty();
    }
    JobView v = current.get();
    if (event instanceof RunCreated r) {
      return Optional.of(v.withRun(r.experimentId(), r.runId(), at));
    } else if (event instanceof ModelRegistered m) {
      return Optional.of(v.withModel(new ModelRef(m.name(), m.version()), at));
    }
    return Optional.empty();
  }

  public static Optional<EnvironmentView> environment(
      Optional<EnvironmentView> current, EnvironmentEvent event, Instant at) {
    if (event instanceof EnvironmentRequested r) {
      Instant created = current.filter(e -> !e.gone()).map(EnvironmentView::createdAt).orElse(at);
      Size size = new Size(r.workers(), r.workerCpu(), r.workerMemoryGi(), r.gpusPerWorker());
      return Optional.of(
          new EnvironmentView(
              r.owner(), r.name(), EnvironmentStatus.REQUESTED, null, size, null, created, at));
    }
    if (current.isEmpty()) {
      return Optional.empty();
    }
    EnvironmentView e = current.get();
    if (event instanceof EnvironmentRejected r) {
      return Optional.of(
          env(e, EnvironmentStatus.REJECTED, r.field() + ": " + r.reason(), e.dashboardUrl(), at));
    } else if (event instanceof EnvironmentProvisioning p) {
      return Optional.of(env(e, EnvironmentStatus.PROVISIONING, p.reason(), e.dashboardUrl(), at));
    } else if (event instanceof EnvironmentReady r) {
      Size ready =
          new Size(
              r.workers(),
              e.size().workerCpu(),
              e.size().workerMemoryGi(),
              e.size().gpusPerWorker());
      return Optional.of(
          new EnvironmentView(
              e.owner(),
              e.name(),
              EnvironmentStatus.READY,
              null,
              ready,
              r.dashboardUrl(),
              e.createdAt(),
              at));
    } else if (event instanceof EnvironmentFailed f) {
      return Optional.of(env(e, EnvironmentStatus.FAILED, f.reason(), e.dashboardUrl(), at));
    } else if (event instanceof EnvironmentDeleteRequested) {
      return Optional.of(env(e, EnvironmentStatus.DELETING, null, e.dashboardUrl(), at));
    } else if (event instanceof EnvironmentDeleted d) {
      return Optional.of(
          env(e, EnvironmentStatus.DELETED, d.reason().name().toLowerCase(), null, at));
    }
    return Optional.empty();
  }

  /** A registered version takes its aliases from every other version of the model. */
  public static ModelVersionView modelVersion(ModelRegistered m, Instant at) {
    return new ModelVersionView(m.name(), m.version(), m.owner(), m.jobId(), m.aliases(), at);
  }

  private static JobView submitted(JobSubmitted s, Instant at) {
    String template = s.template() != null ? s.template() : "own-code";
    JobView.Spec spec =
        new JobView.Spec(
            s.jobId(),
            s.owner(),
            s.environment(),
            template,
            s.executorOrDefault().name().toLowerCase(),
            s.workers(),
            Map.copyOf(s.hyperparameters()),
            filename(s.code()),
            filename(s.data()),
            java.util.stream.Stream.of(s.code(), s.data())
                .filter(java.util.Objects::nonNull)
                .toList(),
            s.sweep());
    State state = new State(JobStatus.SUBMITTED, 0, null, null, null, Map.of(), List.of());
    return new JobView(spec, state, null, null, null, at, at);
  }

  /** A step's line carries the loss alone: the epoch's metrics stay until the next epoch's. */
  private static Map<String, Double> latest(Map<String, Double> before, Map<String, Double> now) {
    Map<String, Double> all = new java.util.TreeMap<>(before);
    all.putAll(now);
    return Map.copyOf(all);
  }

  private static String filename(FileRef ref) {
    return ref == null ? null : ref.filename();
  }

  /** A cancel asked for stays visible until the job ends. */
  private static JobStatus cancelling(State s, JobStatus next) {
    return s.status() == JobStatus.CANCELLING ? JobStatus.CANCELLING : next;
  }

  private static List<Attempt> ended(
      List<Attempt> attempts, int number, JobStatus status, String reason, Instant at) {
    List<Attempt> out = new ArrayList<>();
    boolean found = false;
    for (Attempt a : attempts) {
      if (a.number() == number) {
        out.add(new Attempt(number, status, a.startedAt(), at, reason));
        found = true;
      } else {
        out.add(a);
      }
    }
    if (!found) {
      out.add(new Attempt(number, status, null, at, reason));
    }
    return List.copyOf(out);
  }

  private static Optional<JobView> moved(JobView v, State next, Instant at) {
    return Optional.of(v.with(next, at));
  }

  private static EnvironmentView env(
      EnvironmentView e, EnvironmentStatus status, String reason, String dashboard, Instant at) {
    return new EnvironmentView(
        e.owner(), e.name(), status, reason, e.size(), dashboard, e.createdAt(), at);
  }
}
