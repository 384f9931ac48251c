package io.trainyard.environment.domain;

import io.trainyard.contracts.environment.EnvironmentDeleteRequested;
import io.trainyard.contracts.environment.EnvironmentDeleted;
import io.trainyard.contracts.environment.EnvironmentEvent;
import io.trainyard.contracts.environment.EnvironmentFailed;
import io.trainyard.contracts.environment.EnvironmentProvisioning;
import io.trainyard.contracts.environment.EnvironmentReady;
import io.trainyard.contracts.environment.EnvironmentRejected;
import io.trainyard.contracts.environment.EnvironmentRequested;
import io.trainyard.contracts.job.JobCancelled;
import io.trainyard.contracts.job.JobEvent;
import io.trainyard.contracts.job.JobFailed;
import io.trainyard.contracts.job.JobStarted;
import io.trainyard.contracts.job.JobSubmitted;
import io.trainyard.contracts.job.JobSucceeded;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Desired state from requests, observed state from the provisioner, and the events between them.
 * Requests only record what is wanted; {@link #reconcile} moves each environment one step closer,
 * so a restart picks up where it stopped.
 */
public class EnvironmentLifecycle {

  private final Environments environments;
  private final EnvironmentEvents events;
  private final Provisioner provisioner;
  private final Quota quota;
  private final Timeouts timeouts;
  private final Clock clock;

  public EnvironmentLifecycle(
      Environments environments,
      EnvironmentEvents events,
      Provisioner provisioner,
      Quota quota,
      Timeouts timeouts,
      Clock clock) {
    this.environments = environments;
    this.events = events;
    this.provisioner = provisioner;
    this.quota = quota;
    this.timeouts = timeouts;
    this.clock = clock;
  }

  /** The same request twice is one environment; a different size patches the existing one. */
  public void requested(String causationId, EnvironmentRequested request) {
    EnvironmentSpec spec = EnvironmentSpec.of(request);
    Optional<Environment> existing = environments.lock(request.owner(), request.name());
    if (existing.isPresent()
        && existing.get().spec().equals(spec)
        && existing.get().status().holdsResources()) {
      return;
    }
    Optional<Quota.Violation> violation =
        quota.check(request.name(), spec, environments.ofOwner(request.owner()));
    if (violation.isPresent()) {
      events.publish(
          causationId,
          new EnvironmentRejected(
              request.owner(), request.name(), violation.get().field(), violation.get().reason()));
      return;
    }
    Instant now = clock.instant();
    environments.save(
        existing
            .map(e -> e.respec(spec, now))
            .orElseGet(() -> Environment.requested(request.owner(), request.name(), spec, now)));
  }

  /** Deleting a missing or deleted environment succeeds at once. */
  public void deleteRequested(String causationId, EnvironmentDeleteRequested request) {
    Optional<Environment> existing = environments.lock(request.owner(), request.name());
    if (existing.isEmpty() || existing.get().status() == EnvironmentStatus.DELETED) {
      events.publish(
          causationId,
          new EnvironmentDeleted(request.owner(), request.name(), EnvironmentDeleted.Reason.USER));
      return;
    }
    environments.save(existing.get().to(EnvironmentStatus.DELETING, "user", clock.instant()));
  }

  /** Job events count as use; a started job keeps its environment from idling away. */
  public void jobActivity(JobEvent event) {
    if (event instanceof JobSubmitted submitted) {
      environments.rememberJob(submitted.jobId(), submitted.owner(), submitted.environment());
    } else if (event instanceof JobStarted) {
      environments.jobRunning(event.jobId(), true);
    } else if (event instanceof JobSucceeded
        || event instanceof JobFailed
        || event instanceof JobCancelled) {
      environments.jobRunning(event.jobId(), false);
    }
    environments.ofJob(event.jobId()).ifPresent(e -> environments.save(e.usedAt(clock.instant())));
  }

  /** Moves one environment a step towards what was asked; call inside its transaction. */
  public void reconcile(String causationId, String owner, String name) {
    Environment env = environments.lock(owner, name).orElse(null);
    if (env == null || !env.status().active()) {
      return;
    }
    Instant now = clock.instant();
    switch (env.status()) {
      case REQUESTED -> {
        provisioner.apply(env);
        move(causationId, env.to(EnvironmentStatus.PROVISIONING, "creating the Ray cluster", now));
      }
      case PROVISIONING, READY -> follow(causationId, env, provisioner.observe(env), now);
      case DELETING -> {
        provisioner.delete(owner, name);
        if (provisioner.observe(env).phase() == Phase.ABSENT) {
          move(causationId, env.to(EnvironmentStatus.DELETED, env.reason(), now));
        }
      }
      default -> {}
    }
  }

  private void follow(String causationId, Environment env, Observation seen, Instant now) {
    boolean ready = env.status() == EnvironmentStatus.READY;
    switch (seen.phase()) {
      case READY -> {
        if (!ready) {
          move(causationId, env.ready(seen.dashboardUrl(), now));
        } else if (idle(env, now)) {
          move(causationId, env.to(EnvironmentStatus.DELETING, "idle", now));
        }
      }
      case PENDING -> {
        if (ready) {
          provisioner.apply(env);
          move(
              causationId,
              env.to(EnvironmentStatus.PROVISIONING, "recovering: " + seen.reason(), now));
        } else if (overdue(env, now)) {
          fail(
              causationId,
              env,
              "not ready after " + human(timeouts.provisioning()) + ": " + seen.reason(),
              now);
        } else if (!seen.reason().equals(env.reason())) {
          move(causationId, env.to(EnvironmentStatus.PROVISIONING, seen.reason(), now));
        }
      }
      case ABSENT -> {
        provisioner.apply(env);
        move(
            causationId,
            env.to(EnvironmentStatus.PROVISIONING, "recreating: the cluster was gone", now));
      }
      case FAILED -> fail(causationId, env, seen.reason(), now);
    }
  }

  private void fail(String causationId, Environment env, String reason, Instant now) {
    provisioner.delete(env.owner(), env.name());
    move(causationId, env.to(EnvironmentStatus.FAILED, reason, now));
  }

  private void move(String causationId, Environment next) {
    environments.save(next);
    if (next.status() != EnvironmentStatus.DELETING) {
      events.publish(causationId, announce(next));
    }
    if (next.status() == EnvironmentStatus.FAILED) {
      events.publish(
          causationId + "/deleted",
          new EnvironmentDeleted(next.owner(), next.name(), EnvironmentDeleted.Reason.FAILURE));
    }
  }

  private EnvironmentEvent announce(Environment e) {
    return switch (e.status()) {
      case READY ->
          new EnvironmentReady(
              e.owner(),
              e.name(),
              e.dashboardUrl(),
              e.dashboardUrl() + "/api/jobs/",
              e.spec().workers());
      case FAILED -> new EnvironmentFailed(e.owner(), e.name(), e.reason());
      case DELETED ->
          new EnvironmentDeleted(
              e.owner(),
              e.name(),
              "idle".equals(e.reason())
                  ? EnvironmentDeleted.Reason.IDLE
                  : EnvironmentDeleted.Reason.USER);
      default -> new EnvironmentProvisioning(e.owner(), e.name(), e.reason());
    };
  }

  private boolean overdue(Environment env, Instant now) {
    return Duration.between(env.since(), now).compareTo(timeouts.provisioning()) > 0;
  }

  private boolean idle(Environment env, Instant now) {
    Instant lastUse = env.lastActivity().isAfter(env.since()) ? env.lastActivity() : env.since();
    return Duration.between(lastUse, now).compareTo(timeouts.idle()) > 0
        && !environments.hasRunningJobs(env.owner(), env.name());
  }

  private static String human(Duration d) {
    return d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
  }
}
