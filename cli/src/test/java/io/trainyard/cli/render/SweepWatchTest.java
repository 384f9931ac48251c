package io.trainyard.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.trainyard.contracts.job.JobPaused;
import io.trainyard.contracts.job.JobProgressed;
import io.trainyard.contracts.sweep.SweepCompleted;
import io.trainyard.contracts.sweep.TrialPromoted;
import io.trainyard.contracts.sweep.TrialStarted;
import io.trainyard.contracts.sweep.TrialStopped;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepWatchTest {

  private final SweepWatch watch = new SweepWatch(Style.PLAIN);

  @Test
  void trialsAreNamedByNumberAndTheSweepEndsWithItsBest() {
    assertThat(watch.on(new TrialStarted("s", "ada", 1, "s-t1", Map.of("learningRate", 0.0123456))))
        .containsExactly("trial 1 started   learningRate=0.01235  (job s-t1)");
    assertThat(watch.on(new JobProgressed("s-t1", "ada", 1, 1, 3, 9, Map.of("accuracy", 0.8))))
        .containsExactly("trial 1 epoch 1/3  accuracy 0.8");
    assertThat(watch.on(new JobProgressed("other", "ada", 1, 1, 3, 9, Map.of())))
        .as("a job that is no trial of this sweep")
        .isEmpty();
    assertThat(watch.on(new JobPaused("s-t1", "ada", 1, 1, 3, "paused after epoch 1 of 3")))
        .containsExactly("trial 1 paused after epoch 1/3 at its rung");
    assertThat(
            watch.on(
                new TrialPromoted(
                    "s", "ada", 1, "s-t1", 1, 0.8, 3, "promoted at epoch 1: accuracy 0.8")))
        .containsExactly("trial 1 promoted   promoted at epoch 1: accuracy 0.8");
    assertThat(
            watch.on(
                new TrialStopped(
                    "s",
                    "ada",
                    1,
                    "s-t1",
                    1,
                    0.8,
                    "stopped early at epoch 1: accuracy 0.8, rung cut 0.9")))
        .containsExactly("trial 1 stopped   stopped early at epoch 1: accuracy 0.8, rung cut 0.9");
    assertThat(watch.status()).isEmpty();

    watch.on(
        new SweepCompleted(
            "s",
            "ada",
            SweepCompleted.SUCCEEDED,
            null,
            2,
            "s-t2",
            0.95,
            Map.of("learningRate", 0.01)));
    assertThat(watch.status()).contains("SUCCEEDED");
  }
}
