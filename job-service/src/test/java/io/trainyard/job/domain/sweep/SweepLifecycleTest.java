package io.trainyard.job.domain.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.trainyard.contracts.TrainyardEvent;
import io.trainyard.contracts.job.JobCancelled;
import io.trainyard.contracts.job.JobFailed;
import io.trainyard.contracts.job.JobPaused;
import io.trainyard.contracts.job.JobProgressed;
import io.trainyard.contracts.job.JobSucceeded;
import io.trainyard.contracts.job.Resources;
import io.trainyard.contracts.sweep.SweepCancelRequested;
import io.trainyard.contracts.sweep.SweepCompleted;
import io.trainyard.contracts.sweep.SweepRejected;
import io.trainyard.contracts.sweep.SweepRequested;
import io.trainyard.contracts.sweep.TrialPromoted;
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

  /** The trial's job reports the epoch's accuracy, then pauses after it. */
  private Sweep reachesRung(Sweep sweep, String jobId, int epoch, double accuracy) {
    sweep = lifecycle.trial(sweep, progress(jobId, epoch, accuracy)).sweep().orElseThrow();
    return lastStep.apply(lifecycle.trial(sweep, paused(jobId, epoch)));
  }

  private static JobPaused paused(String jobId, int epoch) {
    return new JobPaused(jobId, "ada", 1, epoch, 9, "paused");
  }

  /** Keeps the step of the last pause, for a test to look at. */
  private final java.util.function.Function<SweepStep, Sweep> lastStep =
      step -> {
        last = step;
        return step.sweep().orElseThrow();
      };

  private SweepStep last;

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
    assertThat(step.submit()).extracting(j -> j.job().sweep()).containsOnly("s1");
    assertThat(step.submit())
        .allSatisfy(j -> assertThat(j.job().hyperparameters()).containsKey("learningRate"));
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
  void withEarlyStoppingATrialsJobPausesAtTheFirstRungAndWithoutItTrainsToTheEnd() {
    assertThat(lifecycle.requested(Optional.empty(), request(3, 2), Optional.of(4)).submit())
        .extracting(SweepStep.Submit::pauseAt)
        .containsExactly(1, 1);

    SweepRequested plain = request(3, 2);
    plain =
        new SweepRequested(
            plain.sweepId(),
            plain.owner(),
            plain.environment(),
            plain.template(),
            null,
            null,
            plain.hyperparameters(),
            plain.space(),
            plain.method(),
            plain.trials(),
            plain.seed(),
            plain.maxConcurrent(),
            plain.metric(),
            plain.direction(),
            null,
            plain.workers(),
            plain.resources(),
            null);
    assertThat(lifecycle.requested(Optional.empty(), plain, Optional.of(4)).submit())
        .extracting(SweepStep.Submit::pauseAt)
        .containsOnlyNulls();
  }

  @Test
  void aPausedTrialThatCanNoLongerReachTheTopIsStoppedWithTheReasonAndAWaitingOneTakesItsPlace() {
    Sweep sweep = reachesRung(started(4, 2), "s1-t1", 1, 0.9);
    assertThat(sweep.trialOf("s1-t1").orElseThrow().status()).isEqualTo(TrialStatus.PAUSED);
    assertThat(last.resume()).as("1 of 4 goes on, and 3 may still beat it").isEmpty();
    assertThat(last.submit()).extracting(s -> s.job().jobId()).containsExactly("s1-t3");

    sweep = reachesRung(sweep, "s1-t2", 1, 0.5);
    assertThat(last.stop())
        .containsExactly(
            Map.entry("s1-t2", "stopped early at epoch 1: accuracy 0.5, rung cut 0.9"));
    assertThat(of(last.events(), TrialStopped.class))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.epoch()).isEqualTo(1);
              assertThat(s.metric()).isEqualTo(0.5);
            });
    assertThat(last.submit()).extracting(s -> s.job().jobId()).containsExactly("s1-t4");
    // The decision is made once: the same pause again (a redelivery) decides nothing new.
    assertThat(lifecycle.trial(sweep, paused("s1-t2", 1)).events()).isEmpty();

    SweepStep ended = lifecycle.trial(sweep, new JobCancelled("s1-t2", "ada", 1, "stopped early"));
    assertThat(ended.sweep().orElseThrow().trialOf("s1-t2").orElseThrow().status())
        .isEqualTo(TrialStatus.STOPPED);
  }

  @Test
  void theBestTrialAtARungIsPromotedToTheNextRungThenToItsEndAndTheSweepNamesIt() {
    Sweep sweep = reachesRung(started(4, 2), "s1-t1", 1, 0.9);
    sweep = reachesRung(sweep, "s1-t2", 1, 0.5);
    sweep = reachesRung(sweep, "s1-t3", 1, 0.95);
    assertThat(last.stop()).as("t3 outranks t1 for the one place").containsOnlyKeys("s1-t1");
    assertThat(last.resume()).as("t4 may still beat t3").isEmpty();

    sweep = reachesRung(sweep, "s1-t4", 1, 0.2);
    assertThat(last.stop()).containsOnlyKeys("s1-t4");
    assertThat(last.resume())
        .containsExactly(
            new SweepStep.Resume(
                "s1-t3", 3, "promoted at epoch 1: accuracy 0.95, rank 1 of 4, in the top 1/3"));
    assertThat(of(last.events(), TrialPromoted.class))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.epoch()).isEqualTo(1);
              assertThat(p.metric()).isEqualTo(0.95);
              assertThat(p.untilEpoch()).isEqualTo(3);
            });
    assertThat(sweep.trialOf("s1-t3").orElseThrow().status()).isEqualTo(TrialStatus.RUNNING);

    sweep = reachesRung(sweep, "s1-t3", 3, 0.97);
    assertThat(last.resume())
        .as("alone at the last rung, it trains to its end")
        .extracting(SweepStep.Resume::jobId, SweepStep.Resume::until)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("s1-t3", null));
    for (String stopped : List.of("s1-t1", "s1-t2", "s1-t4")) {
      sweep =
          lifecycle
              .trial(sweep, new JobCancelled(stopped, "ada", 1, "stopped early"))
              .sweep()
              .orElseThrow();
    }
    SweepStep done =
        lifecycle.trial(sweep, new JobSucceeded("s1-t3", "ada", 3, Map.of("accuracy", 0.98), "m"));
    assertThat(of(done.events(), SweepCompleted.class))
        .singleElement()
        .satisfies(c -> assertThat(c.bestJobId()).isEqualTo("s1-t3"));
  }

  @Test
  void aPauseWithoutTheMetricAtItsEpochRanksLastAndStopsTheTrial() {
    Sweep sweep = started(2, 2);
    sweep =
        lifecycle
            .trial(sweep, new JobProgressed("s1-t1", "ada", 1, 1, 9, 15, Map.of("loss", 2.0)))
            .sweep()
            .orElseThrow();

    SweepStep step = lifecycle.trial(sweep, paused("s1-t1", 1));

    assertThat(step.stop())
        .containsExactly(Map.entry("s1-t1", "stopped early at epoch 1: accuracy is NaN"));
    assertThat(of(step.events(), TrialStopped.class).get(0).metric()).isNull();
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
  void cancellingStopsRunningAndPausedTrialsNeverStartsWaitingOnesAndCompletesWhenTheyEnd() {
    Sweep sweep = reachesRung(started(5, 2), "s1-t1", 1, 0.9);
    assertThat(
            lifecycle
                .cancelRequested(Optional.of(sweep), new SweepCancelRequested("s1", "eve"))
                .events())
        .as("another user's cancel")
        .isEmpty();

    SweepStep cancel =
        lifecycle.cancelRequested(Optional.of(sweep), new SweepCancelRequested("s1", "ada"));
    assertThat(cancel.stop()).containsOnlyKeys("s1-t1", "s1-t2", "s1-t3");
    assertThat(cancel.submit()).isEmpty();
    sweep = cancel.sweep().orElseThrow();
    for (String job : List.of("s1-t1", "s1-t3")) {
      sweep =
          lifecycle
              .trial(sweep, new JobCancelled(job, "ada", 1, "cancelled"))
              .sweep()
              .orElseThrow();
    }
    SweepStep last =
        lifecycle.trial(sweep, new JobSucceeded("s1-t2", "ada", 1, Map.of("accuracy", 0.9), "m"));

    assertThat(last.submit()).isEmpty();
    assertThat(of(last.events(), SweepCompleted.class))
        .extracting(SweepCompleted::status)
        .containsExactly(SweepCompleted.CANCELLED);
  }

  @Test
  void progressOnlyMovesTheTrialsEpochAndMetricItIsThePauseThatIsJudged() {
    Sweep sweep = started(2, 2);
    SweepStep step = lifecycle.trial(sweep, progress("s1-t1", 1, 0.1));

    Sweep.Trial trial = step.sweep().orElseThrow().trialOf("s1-t1").orElseThrow();
    assertThat(step.stop()).isEmpty();
    assertThat(step.events()).isEmpty();
    assertThat(trial.rungs()).isEmpty();
    assertThat(trial.epoch()).isEqualTo(1);
    assertThat(trial.metric()).isEqualTo(0.1);
    assertThat(trial.status()).isEqualTo(TrialStatus.RUNNING);
  }
}
