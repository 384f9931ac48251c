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
import io.trainyard.contracts.job.JobPaused;
import io.trainyard.contracts.job.JobStarted;
import io.trainyard.contracts.job.JobSubmitted;
import io.trainyard.contracts.job.JobSucceeded;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Desired state from requests, observed state from the provisioner, and the events between them.
 * Requests only record what is wanted; {@link #reconcile} moves each environment one step closer
 * and says what its cluster needs, which the caller does after the commit: a restart picks up where
 * it stopped, and no cluster call runs under a row lock.
 */
public class EnvironmentLifecycle {

  private final Environments environments;
  private final EnvironmentEvents events;
  private final Quota quota;
  private final Timeouts timeouts;
  private final Clock clock;

  public EnvironmentLifecycle(
      Environments environments,
      EnvironmentEvents events,
      Quota quota,
      Timeouts timeouts,
      Clock clock) {
    this.environments = environments;
    this.events = events;
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
    // Recorded on the environment stream, whose one writer this service is, before what follows.
    events.publish(causationId, request);
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
    events.publish(causationId, request);
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
        || event instanceof JobPaused
        || event instanceof JobCancelled) {
      environments.jobRunning(event.jobId(), false);
    }
    environments.ofJob(event.jobId()).ifPresent(e -> environments.save(e.usedAt(clock.instant())));
  }

  /** Whether reconciling {@code env} needs to look at its cluster first. */
  public static boolean observes(Environment env) {
    return switch (env.status()) {
      case PROVISIONING, READY, DELETING -> true;
      default -> false;
    };
  }

  /**
   * Moves one environment a step towards what was asked, given what its cluster looked like ({@code
   * seen}, looked at before the transaction; null when {@link #observes} says none is needed). Call
   * inside the environment's transaction: it records the new state and its events, and returns what
   * to do to the cluster after the commit, so no cluster call ever holds the row. A step planned
   * from a state that changed meanwhile does nothing; the next pass looks again.
   */
  public Step reconcile(String causationId, Environment seenAs, Observation seen) {
    Environment env = environments.lock(seenAs.owner(), seenAs.name()).orElse(null);
    if (env == null
        || env.status() != seenAs.status()
        || !env.since().equals(seenAs.since())
        || !env.spec().equals(seenAs.spec())
        || (observes(env) && seen == null)) {
      return Step.NOTHING;
    }
    Instant now = clock.instant();
    Decision decision = decide(env, seen, now, idle(env, now));
    decision.next().ifPresent(next -> move(causationId, next));
    return decision.step();
  }

  /** What the cluster needs after the commit. */
  public enum Step {
    NOTHING,
    APPLY,
    DELETE
  }

  /** The state to record, if it changes, and what to do to the cluster then. */
  public record Decision(Optional<Environment> next, Step step) {
    static Decision to(Environment next, Step step) {
      return new Decision(Optional.of(next), step);
    }

    static Decision only(Step step) {
      return new Decision(Optional.empty(), step);
    }
  }

  /** The step itself: pure. */
  Decision decide(Environment env, Observation seen, Instant now, boolean idle) {
    return switch (env.status()) {
      case REQUESTED ->
          Decision.to(env.to(EnvironmentStatus.PROVISIONING, CREATING, now), Step.APPLY);
      case PROVISIONING, READY -> follow(env, seen, now, idle);
      case DELETING ->
          seen.phase() == Phase.ABSENT
              ? Decision.to(env.to(EnvironmentStatus.DELETED, env.reason(), now), Step.NOTHING)
              : Decision.only(Step.DELETE);
      default -> Decision.only(Step.NOTHING);
    };
  }

  static final String CREATING = "creating the Ray cluster";
  static final String RECREATING = "recreating: the cluster was gone";

  private Decision follow(Environment env, Observation seen, Instant now, boolean idle) {
    boolean ready = env.status() == EnvironmentStatus.READY;
    return switch (seen.phase()) {
      case READY -> {
        if (!ready) {
          yield Decision.to(env.ready(seen.dashboardUrl(), now), Step.NOTHING);
        }
        yield idle
            ? Decision.to(env.to(EnvironmentStatus.DELETING, "idle", now), Step.DELETE)
            : Decision.only(Step.NOTHING);
      }
      case PENDING -> {
        if (ready) {
          yield Decision.to(
              env.to(EnvironmentStatus.PROVISIONING, "recovering: " + seen.reason(), now),
              Step.APPLY);
        } else if (overdue(env, now)) {
          yield failed(
              env, "not ready after " + human(timeouts.provisioning()) + ": " + seen.reason(), now);
        } else if (!seen.reason().equals(env.reason())) {
          yield Decision.to(
              env.to(EnvironmentStatus.PROVISIONING, seen.reason(), now), Step.NOTHING);
        }
        yield Decision.only(Step.NOTHING);
      }
      case ABSENT -> {
        // Still being created (the apply after the commit may not have landed yet, or the API
        // refused it for now), or gone. Trying again is no news; a deadline still holds.
        if (!ready && overdue(env, now)) {
          yield failed(
              env,
              "not ready after " + human(timeouts.provisioning()) + ": the cluster was never made",
              now);
        }
        if (!ready && (CREATING.equals(env.reason()) || RECREATING.equals(env.reason()))) {
          yield Decision.only(Step.APPLY);
        }
        yield Decision.to(env.to(EnvironmentStatus.PROVISIONING, RECREATING, now), Step.APPLY);
      }
      case FAILED -> failed(env, seen.reason(), now);
    };
  }

  private static Decision failed(Environment env, String reason, Instant now) {
    return Decision.to(env.to(EnvironmentStatus.FAILED, reason, now), Step.DELETE);
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
              io.trainyard.contracts.environment.ClusterEndpoints.jobsApiUrl(e.dashboardUrl()),
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
    if (env.status() != EnvironmentStatus.READY) {
      return false;
    }
    Instant lastUse = env.lastActivity().isAfter(env.since()) ? env.lastActivity() : env.since();
    return Duration.between(lastUse, now).compareTo(timeouts.idle()) > 0
        && !environments.hasRunningJobs(env.owner(), env.name());
  }

  private static String human(Duration d) {
    return d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
  }
}
