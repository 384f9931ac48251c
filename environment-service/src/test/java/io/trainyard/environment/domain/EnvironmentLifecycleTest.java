package io.trainyard.environment.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.trainyard.environment.domain.EnvironmentLifecycle.Decision;
import io.trainyard.environment.domain.EnvironmentLifecycle.Step;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The reconcile step as a decision: the state to record and what the cluster needs after. */
class EnvironmentLifecycleTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private final EnvironmentLifecycle lifecycle =
      new EnvironmentLifecycle(
          null,
          null,
          new Quota(3, 8, 16, 64, 1),
          new Timeouts(Duration.ofMinutes(10), Duration.ofMinutes(30)),
          Clock.fixed(T0, ZoneOffset.UTC));

  private static Environment requested() {
    return Environment.requested("ada", "default", new EnvironmentSpec(2, 1, 2, 0), T0);
  }

  @Test
  void aRequestedEnvironmentIsRecordedAsProvisioningAndItsClusterAppliedAfterwards() {
    Decision d = lifecycle.decide(requested(), null, T0, false);
    assertThat(d.step()).isEqualTo(Step.APPLY);
    assertThat(d.next())
        .get()
        .extracting(Environment::status)
        .isEqualTo(EnvironmentStatus.PROVISIONING);
  }

  @Test
  void
      aClusterNotThereYetRightAfterCreationIsAppliedAgainWithoutNewsButOneThatVanishedIsRecreated() {
    Environment creating = lifecycle.decide(requested(), null, T0, false).next().orElseThrow();
    Decision again = lifecycle.decide(creating, Observation.absent(), T0.plusSeconds(5), false);
    assertThat(again.step()).isEqualTo(Step.APPLY);
    assertThat(again.next()).isEmpty();

    Environment ready =
        lifecycle
            .decide(creating, Observation.ready("http://h:8265", 2), T0, false)
            .next()
            .orElseThrow();
    assertThat(ready.status()).isEqualTo(EnvironmentStatus.READY);
    Decision gone = lifecycle.decide(ready, Observation.absent(), T0.plusSeconds(60), false);
    assertThat(gone.step()).isEqualTo(Step.APPLY);
    assertThat(gone.next())
        .get()
        .extracting(Environment::reason)
        .asString()
        .startsWith("recreating");
  }

  @Test
  void aClusterTheApiKeepsRefusingIsTriedAgainWithoutNewsUntilItsDeadlineThenFails() {
    Environment creating = lifecycle.decide(requested(), null, T0, false).next().orElseThrow();
    Environment ready =
        lifecycle
            .decide(creating, Observation.ready("http://h:8265", 2), T0, false)
            .next()
            .orElseThrow();
    Environment recreating =
        lifecycle
            .decide(ready, Observation.absent(), T0.plusSeconds(1), false)
            .next()
            .orElseThrow();

    Decision again = lifecycle.decide(recreating, Observation.absent(), T0.plusSeconds(2), false);
    assertThat(again.step()).isEqualTo(Step.APPLY);
    assertThat(again.next()).as("no event for each pass").isEmpty();

    Decision late =
        lifecycle.decide(creating, Observation.absent(), T0.plus(Duration.ofHours(1)), false);
    assertThat(late.next())
        .get()
        .extracting(Environment::status)
        .isEqualTo(EnvironmentStatus.FAILED);
    assertThat(late.next().get().reason()).contains("the cluster was never made");
    assertThat(late.step()).isEqualTo(Step.DELETE);
  }

  @Test
  void aFailedOrOverdueClusterIsRecordedFailedThenDeleted() {
    Environment creating = lifecycle.decide(requested(), null, T0, false).next().orElseThrow();
    Decision failed = lifecycle.decide(creating, Observation.failed("image pull"), T0, false);
    assertThat(failed.step()).isEqualTo(Step.DELETE);
    assertThat(failed.next())
        .get()
        .extracting(Environment::status)
        .isEqualTo(EnvironmentStatus.FAILED);

    Decision overdue =
        lifecycle.decide(
            creating,
            Observation.pending("Insufficient cpu"),
            T0.plus(Duration.ofMinutes(11)),
            false);
    assertThat(overdue.step()).isEqualTo(Step.DELETE);
    assertThat(overdue.next().orElseThrow().reason())
        .contains("not ready after 10 min")
        .contains("Insufficient cpu");
  }

  @Test
  void anIdleReadyEnvironmentIsDeletedAndADeletingOneEndsOnceItsClusterIsGone() {
    Environment creating = lifecycle.decide(requested(), null, T0, false).next().orElseThrow();
    Environment ready =
        lifecycle
            .decide(creating, Observation.ready("http://h:8265", 2), T0, false)
            .next()
            .orElseThrow();
    assertThat(lifecycle.decide(ready, Observation.ready("http://h:8265", 2), T0, false).step())
        .isEqualTo(Step.NOTHING);
    Decision idle = lifecycle.decide(ready, Observation.ready("http://h:8265", 2), T0, true);
    assertThat(idle.step()).isEqualTo(Step.DELETE);
    Environment deleting = idle.next().orElseThrow();
    assertThat(deleting.status()).isEqualTo(EnvironmentStatus.DELETING);

    assertThat(lifecycle.decide(deleting, Observation.ready("http://h:8265", 2), T0, false))
        .isEqualTo(Decision.only(Step.DELETE));
    Decision deleted = lifecycle.decide(deleting, Observation.absent(), T0, false);
    assertThat(deleted.step()).isEqualTo(Step.NOTHING);
    assertThat(deleted.next())
        .get()
        .extracting(Environment::status)
        .isEqualTo(EnvironmentStatus.DELETED);
  }
}
