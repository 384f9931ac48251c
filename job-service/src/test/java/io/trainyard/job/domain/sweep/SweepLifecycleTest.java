package io.trainyard.job.domain.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.trainyard.contracts.TrainyardEvent;
import io.trainyard.contracts.job.JobCancelled;
import io.trainyard.contracts.job.JobFailed;
import io.trainyard.contracts.job.JobProgressed;
import io.trainyard.contracts.job.JobSubmitted;
import io.trainyard.contracts.job.JobSucceeded;
import io.trainyard.contracts.job.Resources;
import io.trainyard.contracts.sweep.SweepCancelRequested;
import io.trainyard.contracts.sweep.SweepCompleted;
import io.trainyard.contracts.sweep.SweepRejected;
import io.trainyard.contracts.sweep.SweepRequested;
import io.trainyard.contracts.sweep.TrialStarted;
import io.trainyard.contracts.sweep.TrialStopped;
import io.trainyard.job.domain.sweep.Sweep.TrialStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SweepLifecycleTest {

  private final SweepLifecycle lifecycle =
      new SweepLifecycle(Clock.fixed(Instant.parse("2026-12-02T00:00:00Z"), ZoneOffset.UTC));

  private static SweepRequested request(int trials, int maxConcurrent) {
    return new SweepRequested(
        "s1",
        "ada",
        "default",
        "digits-mlp",
        null,
        null,
        Map.of("epochs", 9),
        Map.of("learningRate", Map.of("logUniform", List.of(1e-4, 1e-1))),
        SweepRequested.RANDOM,
        trials,
        1L,
        maxConcurrent,
        "accuracy",
        "max",
        new SweepRequested.EarlyStopping(1, 3),
        1,
        new Resources(1, 1, 0),
        null);
  }

  private Sweep started(int trials, int maxConcurrent) {
    return lifecycle
        .requested(Optional.empty(), request(trials, maxConcurrent), Optional.of(4))
        .sweep()
        .orElseThrow();
  }

  private static JobProgressed progress(String jobId, int epoch, double accuracy) {
    return new JobProgressed(jobId, "ada", 1, epoch, 9, epoch * 10L, Map.of("accuracy", accuracy));
  }

  private static <T> List<T> of(List<TrainyardEvent> events, Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void aRequestStartsAsManyTrialsAsMayRunAtOnceAsJobsOfTheSweep() {
    SweepStep step = lifecycle.requested(Optional.empty(), request(5, 2), Optional.of(4));

    assertThat(step.events().get(0)).isInstanceOf(SweepRequested.class);
    assertThat(of(step.events(), TrialStarted.class))
        .extracting(TrialStarted::jobId)
        .containsExactly("s1-t1", "s1-t2");
    assertThat(step.submit()).extracting(JobSubmitted::sweep).containsOnly("s1");
    assertThat(step.submit())
        .allSatisfy(j -> assertThat(j.hyperparameters()).containsKey("learningRate"));
    assertThat(step.sweep().orElseThrow().trials())
        .extracting(Sweep.Trial::status)
        .containsExactly(
            TrialStatus.RUNNING,
            TrialStatus.RUNNING,
            TrialStatus.WAITING,
            TrialStatus.WAITING,
            TrialStatus.WAITING);
  }

  @Test
  void aRepeatedRequestChangesNothingAndAWrongOneIsRejectedNamingItsField() {
    Sweep sweep = started(3, 1);
    assertThat(lifecycle.requested(Optional.of(sweep), request(3, 1), Optional.of(4)).events())
        .isEmpty();

    SweepStep rejected = lifecycle.requested(Optional.empty(), request(3, 5), Optional.of(4));
    assertThat(of(rejected.events(), SweepRejected.class))
        .extracting(SweepRejected::field)
        .containsExactly("maxConcurrent");
    assertThat(rejected.submit()).isEmpty();
    assertThat(rejected.sweep().orElseThrow().status()).isEqualTo(Sweep.Status.REJECTED);
  }

  @Test
  void aTrialBelowTheRungsCutIsStoppedWithTheReasonAndAWaitingOneTakesItsPlace() {
    Sweep sweep = started(4, 2);
    sweep = lifecycle.trial(sweep, progress("s1-t1", 1, 0.9)).sweep().orElseThrow();
    sweep = lifecycle.trial(sweep, progress("s1-t1", 2, 0.91)).sweep().orElseThrow();

    SweepStep below = lifecycle.trial(sweep, progress("s1-t2", 1, 0.5));
    assertThat(below.stop())
        .containsExactly(
            Map.entry("s1-t2", "stopped early at epoch 1: accuracy 0.5, rung cut 0.7667"));
    assertThat(of(below.events(), TrialStopped.class))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.epoch()).isEqualTo(1);
              assertThat(s.metric()).isEqualTo(0.5);
            });
    sweep = below.sweep().orElseThrow();
    // The decision is made once: the same progress again (a redelivery) decides nothing new.
    assertThat(lifecycle.trial(sweep, progress("s1-t2", 1, 0.5)).stop()).isEmpty();

    SweepStep ended = lifecycle.trial(sweep, new JobCancelled("s1-t2", "ada", 1, "stopped early"));
    assertThat(ended.sweep().orElseThrow().trialOf("s1-t2").orElseThrow().status())
        .isEqualTo(TrialStatus.STOPPED);
    assertThat(of(ended.events(), TrialStarted.class))
        .extracting(TrialStarted::jobId)
        .containsExactly("s1-t3");
  }

  @Test
  void whenEveryTrialEndedTheSweepCompletesWithTheBestTrialThatTrainedToTheEnd() {
    Sweep sweep = started(3, 3);
    sweep =
        lifecycle
            .trial(sweep, new JobSucceeded("s1-t1", "ada", 1, Map.of("accuracy", 0.93), "m"))
            .sweep()
            .orElseThrow();
    sweep =
        lifecycle
            .trial(sweep, new JobFailed("s1-t2", "ada", 1, "out of memory", false))
            .sweep()
            .orElseThrow();
    // A retried attempt is not the trial's end.
    assertThat(
            lifecycle
                .trial(sweep, new JobFailed("s1-t3", "ada", 1, "cluster restarted", true))
                .sweep())
        .isEmpty();
    SweepStep last =
        lifecycle.trial(sweep, new JobSucceeded("s1-t3", "ada", 2, Map.of("accuracy", 0.96), "m"));

    assertThat(of(last.events(), SweepCompleted.class))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.status()).isEqualTo(SweepCompleted.SUCCEEDED);
              assertThat(c.bestJobId()).isEqualTo("s1-t3");
              assertThat(c.bestMetric()).isEqualTo(0.96);
              assertThat(c.bestHyperparameters()).containsKey("learningRate");
            });
    assertThat(last.sweep().orElseThrow().status()).isEqualTo(Sweep.Status.SUCCEEDED);
    assertThat(last.sweep().orElseThrow().trialOf("s1-t2").orElseThrow().status())
        .isEqualTo(TrialStatus.FAILED);
  }

  @Test
  void aSweepWhoseTrialsAllFailedFailsWithTheReason() {
    Sweep sweep = started(1, 1);
    SweepStep step =
        lifecycle.trial(sweep, new JobFailed("s1-t1", "ada", 1, "syntax error", false));

    assertThat(of(step.events(), SweepCompleted.class))
        .extracting(SweepCompleted::status, SweepCompleted::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                SweepCompleted.FAILED, "no trial trained to the end with a accuracy"));
  }

  @Test
  void cancellingStopsRunningTrialsNeverStartsWaitingOnesAndCompletesWhenTheyEnd() {
    Sweep sweep = started(4, 2);
    assertThat(
            lifecycle
                .cancelRequested(Optional.of(sweep), new SweepCancelRequested("s1", "eve"))
                .events())
        .as("another user's cancel")
        .isEmpty();

    SweepStep cancel =
        lifecycle.cancelRequested(Optional.of(sweep), new SweepCancelRequested("s1", "ada"));
    assertThat(cancel.stop()).containsOnlyKeys("s1-t1", "s1-t2");
    assertThat(cancel.submit()).isEmpty();
    sweep = cancel.sweep().orElseThrow();
    sweep =
        lifecycle
            .trial(sweep, new JobCancelled("s1-t1", "ada", 1, "cancelled"))
            .sweep()
            .orElseThrow();
    SweepStep last =
        lifecycle.trial(sweep, new JobSucceeded("s1-t2", "ada", 1, Map.of("accuracy", 0.9), "m"));

    assertThat(last.submit()).isEmpty();
    assertThat(of(last.events(), SweepCompleted.class))
        .extracting(SweepCompleted::status)
        .containsExactly(SweepCompleted.CANCELLED);
  }

  @Test
  void progressWithoutTheMetricOrOffTheRungsOnlyMovesTheTrialsEpoch() {
    Sweep sweep = started(2, 2);
    SweepStep midEpoch =
        lifecycle.trial(sweep, new JobProgressed("s1-t1", "ada", 1, 1, 9, 15, Map.of("loss", 2.0)));
    assertThat(midEpoch.stop()).isEmpty();
    assertThat(midEpoch.sweep().orElseThrow().trialOf("s1-t1").orElseThrow().rungs()).isEmpty();

    SweepStep offRung = lifecycle.trial(sweep, progress("s1-t1", 2, 0.1));
    assertThat(offRung.sweep().orElseThrow().trialOf("s1-t1").orElseThrow().rungs()).isEmpty();
    assertThat(offRung.sweep().orElseThrow().trialOf("s1-t1").orElseThrow().metric())
        .isEqualTo(0.1);
  }
}
