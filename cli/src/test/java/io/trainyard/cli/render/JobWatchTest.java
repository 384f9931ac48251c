package io.trainyard.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.trainyard.contracts.job.Executor;
import io.trainyard.contracts.job.JobCancelled;
import io.trainyard.contracts.job.JobFailed;
import io.trainyard.contracts.job.JobProgressed;
import io.trainyard.contracts.job.JobQueued;
import io.trainyard.contracts.job.JobRejected;
import io.trainyard.contracts.job.JobStarted;
import io.trainyard.contracts.job.JobSucceeded;
import io.trainyard.contracts.tracking.ModelRegistered;
import io.trainyard.contracts.tracking.RunCreated;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobWatchTest {

  private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
  private final JobWatch watch = new JobWatch("http://localhost:8080/mlflow", Style.PLAIN);

  @Test
  void eachAttemptGetsItsOwnBarTimedFromItsStartAndTheJobEndsWhenItsModelIsKnown() {
    watch.on(new JobQueued("j1", "ada", "lab", 0), T0);
    watch.on(new JobStarted("j1", "ada", 1, Executor.RAY, "s1", "r1"), T0);
    List<JobWatch.Update> first =
        watch.on(
            new JobProgressed("j1", "ada", 1, 1, 4, 10, Map.of("accuracy", 0.5)),
            T0.plusSeconds(10));
    assertThat(first)
        .containsExactly(
            new JobWatch.Update(
                "attempt 1 [#####---------------] epoch 1/4  accuracy 0.5  0:10 elapsed, ~0:30 left",
                true));

    List<JobWatch.Update> lost =
        watch.on(
            new JobFailed("j1", "ada", 1, "the cluster lost its worker", true), T0.plusSeconds(11));
    assertThat(lost)
        .extracting(JobWatch.Update::text)
        .containsExactly(
            "attempt 1 failed: the cluster lost its worker (retried from its last checkpoint)");
    assertThat(watch.outcome()).as("a retried failure is no end").isEmpty();

    watch.on(new JobStarted("j1", "ada", 2, Executor.RAY, "s2", "r1"), T0.plusSeconds(20));
    assertThat(watch.on(new JobProgressed("j1", "ada", 2, 2, 4, 20, Map.of()), T0.plusSeconds(25)))
        .extracting(JobWatch.Update::text)
        .containsExactly("attempt 2 [##########----------] epoch 2/4  0:05 elapsed, ~0:05 left");

    watch.on(
        new JobSucceeded("j1", "ada", 2, Map.of("accuracy", 0.97), "runs:/r1/model"),
        T0.plusSeconds(40));
    assertThat(watch.outcome()).contains(JobWatch.Outcome.SUCCEEDED);
    assertThat(watch.done()).as("the model is still to be registered").isFalse();
    assertThat(watch.awaitingModel()).isTrue();

    assertThat(
            watch.on(
                new ModelRegistered("j1", "ada", "digits-mlp-ada", 3, List.of("champion")),
                T0.plusSeconds(41)))
        .extracting(JobWatch.Update::text)
        .containsExactly("model       digits-mlp-ada version 3 (champion)");
    assertThat(watch.done()).isTrue();
  }

  @Test
  void aSecondEventForTheSameEpochDrawsNoNewBarAndAnEndedJobIsNotRedrawn() {
    watch.on(new JobStarted("j1", "ada", 1, Executor.RAY, "s1", "r1"), T0);
    assertThat(watch.on(new JobProgressed("j1", "ada", 1, 1, 2, 5, Map.of()), T0)).hasSize(1);
    assertThat(watch.on(new JobProgressed("j1", "ada", 1, 1, 2, 6, Map.of()), T0)).isEmpty();
    assertThat(watch.redraw(T0.plusSeconds(3))).hasValueSatisfying(l -> l.contains("0:03 elapsed"));

    watch.on(new JobCancelled("j1", "ada", 1, "cancelled by ada"), T0.plusSeconds(4));
    assertThat(watch.redraw(T0.plusSeconds(5))).isEmpty();
    assertThat(watch.outcome()).contains(JobWatch.Outcome.CANCELLED);
    assertThat(watch.done()).isTrue();
  }

  @Test
  void aFinalFailureAndARejectionEndTheWatchWithTheirReason() {
    watch.on(new JobFailed("j1", "ada", 1, "loss became NaN at epoch 2", false), T0);
    assertThat(watch.outcome()).contains(JobWatch.Outcome.FAILED);
    assertThat(watch.reason()).isEqualTo("loss became NaN at epoch 2");

    JobWatch other = new JobWatch("", Style.PLAIN);
    assertThat(other.on(new JobRejected("j2", "ada", "workers", "at most 2 on lab"), T0))
        .extracting(JobWatch.Update::text)
        .containsExactly("rejected: workers: at most 2 on lab");
    assertThat(other.done()).isTrue();
  }

  @Test
  void theRunIsLinkedWhereTheGatewayServesMlflow() {
    assertThat(watch.on(new RunCreated("j1", "ada", "4", "abc"), T0))
        .extracting(JobWatch.Update::text)
        .containsExactly("MLflow run  http://localhost:8080/mlflow/#/experiments/4/runs/abc");
  }
}
