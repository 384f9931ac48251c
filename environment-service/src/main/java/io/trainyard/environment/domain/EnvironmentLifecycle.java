package io.trainyard.environment.domain;

import io.trainyard.contracts.environment.EnvironmentDeleteRequested;
import io.trainyard.contracts.environment.EnvironmentDeleted;
import io.trainyard.contracts.environment.EnvironmentRequested;
import io.trainyard.contracts.job.JobEvent;
import io.trainyard.contracts.job.JobSubmitted;
import java.time.Clock;
import java.util.Optional;

/**
 * Desired state of each environment, kept from requests and job activity. Idempotent: the same
 * request twice is one environment; deleting a missing one succeeds.
 */
public class EnvironmentLifecycle {

  private final Environments environments;
  private final EnvironmentEvents events;
  private final Clock clock;

  public EnvironmentLifecycle(Environments environments, EnvironmentEvents events, Clock clock) {
    this.environments = environments;
    this.events = events;
    this.clock = clock;
  }

  public void requested(String causationId, EnvironmentRequested request) {
    EnvironmentSpec spec = EnvironmentSpec.of(request);
    Optional<Environment> existing = environments.find(request.owner(), request.name());
    var now = clock.instant();
    if (existing.isPresent()
        && existing.get().spec().equals(spec)
        && existing.get().status() != EnvironmentStatus.DELETED) {
      return;
    }
    environments.save(
        existing
            .map(e -> e.with(spec, EnvironmentStatus.REQUESTED, "requested", now))
            .orElseGet(
                () ->
                    new Environment(
                        request.owner(),
                        request.name(),
                        spec,
                        EnvironmentStatus.REQUESTED,
                        "requested",
                        now,
                        now)));
  }

  public void deleteRequested(String causationId, EnvironmentDeleteRequested request) {
    Optional<Environment> existing = environments.find(request.owner(), request.name());
    if (existing.isEmpty() || existing.get().status() == EnvironmentStatus.DELETED) {
      events.publish(
          causationId,
          new EnvironmentDeleted(request.owner(), request.name(), EnvironmentDeleted.Reason.USER));
      return;
    }
    Environment environment = existing.get();
    environments.save(
        environment.with(
            environment.spec(), EnvironmentStatus.DELETING, "delete requested", clock.instant()));
  }

  /** Any job event in an environment counts as use, for idle clean-up. */
  public void jobActivity(JobEvent event) {
    if (event instanceof JobSubmitted submitted) {
      environments.rememberJob(submitted.jobId(), submitted.owner(), submitted.environment());
    }
    environments.ofJob(event.jobId()).ifPresent(e -> environments.save(e.usedAt(clock.instant())));
  }
}
