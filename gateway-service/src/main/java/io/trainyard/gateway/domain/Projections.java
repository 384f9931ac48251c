package io.trainyard.gateway.domain;

import io.trainyard.contracts.environment.EnvironmentDeleteRequested;
import io.trainyard.contracts.environment.EnvironmentDeleted;
import io.trainyard.contracts.environment.EnvironmentEvent;
import io.trainyard.contracts.environment.EnvironmentFailed;
import io.trainyard.contracts.environment.EnvironmentProvisioning;
import io.trainyard.contracts.environment.EnvironmentReady;
import io.trainyard.contracts.environment.EnvironmentRejected;
import io.trainyard.contracts.environment.EnvironmentRequested;
import io.trainyard.contracts.job.JobCancelRequested;
import io.trainyard.contracts.job.JobCancelled;
import io.trainyard.contracts.job.JobEvent;
import io.trainyard.contracts.job.JobFailed;
import io.trainyard.contracts.job.JobProgressed;
import io.trainyard.contracts.job.JobQueued;
import io.trainyard.contracts.job.JobRejected;
import io.trainyard.contracts.job.JobStarted;
import io.trainyard.contracts.job.JobSubmitted;
import io.trainyard.contracts.job.JobSucceeded;
import io.trainyard.contracts.tracking.ModelRegistered;
import io.trainyard.contracts.tracking.RunCreated;
import io.trainyard.contracts.tracking.TrackingEvent;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Folds events into the read model. A view that reached an end state keeps it: a late progress
 * event never turns a finished job back into a running one.
 */
public final class Projections {

  private static final Set<String> ENDED = Set.of("SUCCEEDED", "FAILED", "CANCELLED", "REJECTED");

  private Projections() {}

  public static Optional<JobView> job(Optional<JobView> current, JobEvent event, Instant at) {
    if (event instanceof JobSubmitted s) {
      if (current.isPresent()) {
        return Optional.empty();
      }
      String template = s.template() != null ? s.template() : "own-code";
      return Optional.of(
          new JobView(
              s.jobId(),
              s.owner(),
              s.environment(),
              template,
              "SUBMITTED",
              0,
              null,
              Map.of(),
              null,
              null,
              null,
              null,
              at,
              at));
    }
    if (current.isEmpty()) {
      return Optional.empty();
    }
    JobView v = current.get();
    boolean ended = ENDED.contains(v.status());
    if (event instanceof JobRejected r) {
      return Optional.of(status(v, "REJECTED", r.field() + ": " + r.reason(), at));
    } else if (event instanceof JobQueued q && !ended) {
      return Optional.of(v.moved("QUEUED", v.attempt(), q.position(), v.metrics(), v.reason(), at));
    } else if (event instanceof JobStarted st && !ended) {
      JobView running = v.moved("RUNNING", st.attempt(), null, v.metrics(), null, at);
      return Optional.of(
          st.mlflowRunId() == null ? running : running.withRun(st.mlflowRunId(), at));
    } else if (event instanceof JobProgressed p && !ended) {
      return Optional.of(v.moved("RUNNING", p.attempt(), null, p.metrics(), null, at));
    } else if (event instanceof JobSucceeded s) {
      return Optional.of(v.moved("SUCCEEDED", s.attempt(), null, s.metrics(), null, at));
    } else if (event instanceof JobFailed f && !ended) {
      return Optional.of(status(v, f.retriable() ? "RETRYING" : "FAILED", f.reason(), at));
    } else if (event instanceof JobCancelRequested && !ended) {
      return Optional.of(status(v, "CANCELLING", null, at));
    } else if (event instanceof JobCancelled) {
      return Optional.of(status(v, "CANCELLED", null, at));
    }
    return Optional.empty();
  }

  public static Optional<JobView> tracking(
      Optional<JobView> current, TrackingEvent event, Instant at) {
    if (current.isEmpty()) {
      return Optional.empty();
    }
    JobView v = current.get();
    if (event instanceof RunCreated r) {
      return Optional.of(v.withRun(r.runId(), at));
    } else if (event instanceof ModelRegistered m) {
      return Optional.of(v.withModel(m.name(), m.version(), at));
    }
    return Optional.empty();
  }

  public static Optional<EnvironmentView> environment(
      Optional<EnvironmentView> current, EnvironmentEvent event, Instant at) {
    Instant created = current.map(EnvironmentView::createdAt).orElse(at);
    int workers = current.map(EnvironmentView::workers).orElse(0);
    String dashboard = current.map(EnvironmentView::dashboardUrl).orElse(null);
    if (event instanceof EnvironmentRequested r) {
      return Optional.of(
          new EnvironmentView(
              r.owner(), r.name(), "REQUESTED", null, r.workers(), null, created, at));
    } else if (event instanceof EnvironmentRejected r) {
      return Optional.of(
          new EnvironmentView(
              r.owner(),
              r.name(),
              "REJECTED",
              r.field() + ": " + r.reason(),
              workers,
              null,
              created,
              at));
    } else if (event instanceof EnvironmentProvisioning p) {
      return Optional.of(
          new EnvironmentView(
              p.owner(), p.name(), "PROVISIONING", p.reason(), workers, dashboard, created, at));
    } else if (event instanceof EnvironmentReady r) {
      return Optional.of(
          new EnvironmentView(
              r.owner(), r.name(), "READY", null, r.workers(), r.dashboardUrl(), created, at));
    } else if (event instanceof EnvironmentFailed f) {
      return Optional.of(
          new EnvironmentView(
              f.owner(), f.name(), "FAILED", f.reason(), workers, dashboard, created, at));
    } else if (event instanceof EnvironmentDeleteRequested d) {
      return Optional.of(
          new EnvironmentView(
              d.owner(), d.name(), "DELETING", null, workers, dashboard, created, at));
    } else if (event instanceof EnvironmentDeleted d) {
      return Optional.of(
          new EnvironmentView(
              d.owner(),
              d.name(),
              "DELETED",
              d.reason().name().toLowerCase(),
              workers,
              null,
              created,
              at));
    }
    return Optional.empty();
  }

  private static JobView status(JobView v, String status, String reason, Instant at) {
    return v.moved(status, v.attempt(), null, v.metrics(), reason, at);
  }
}
