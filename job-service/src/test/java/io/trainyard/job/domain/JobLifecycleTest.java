package io.trainyard.job.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.trainyard.contracts.job.JobCancelled;
import io.trainyard.contracts.job.JobFailed;
import io.trainyard.contracts.job.JobSubmitted;
import io.trainyard.contracts.job.Resources;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobLifecycleTest {

  private final Clock clock = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);
  private final JobLifecycle lifecycle = new JobLifecycle(clock);
  private final JobSubmitted submitted =
      new JobSubmitted(
          "j-1", "ada", "default", "digits-mlp", null, null, Map.of(), 2, new Resources(1, 2, 0));

  @Test
  void submissionCreatesASubmittedJob() {
    Job job = lifecycle.submitted(Optional.empty(), submitted).job().orElseThrow();

    assertThat(job.status()).isEqualTo(JobStatus.SUBMITTED);
    assertThat(job.workers()).isEqualTo(2);
    assertThat(job.submittedAt()).isEqualTo(clock.instant());
  }

  @Test
  void secondSubmissionWithTheSameIdHasNoEffect() {
    Job job = lifecycle.submitted(Optional.empty(), submitted).job().orElseThrow();

    assertThat(lifecycle.submitted(Optional.of(job), submitted)).isEqualTo(Transition.none());
  }

  @Test
  void cancellingAWaitingJobCancelsItAtOnce() {
    Job job = lifecycle.submitted(Optional.empty(), submitted).job().orElseThrow();

    Transition t = lifecycle.cancelRequested(Optional.of(job));

    assertThat(t.job().orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(t.events()).containsExactly(new JobCancelled("j-1", "ada", 0));
  }

  @Test
  void cancellingAnUnknownOrFinishedJobChangesNothing() {
    Job job = lifecycle.submitted(Optional.empty(), submitted).job().orElseThrow();
    Job cancelled = lifecycle.cancelRequested(Optional.of(job)).job().orElseThrow();

    assertThat(lifecycle.cancelRequested(Optional.empty())).isEqualTo(Transition.none());
    assertThat(lifecycle.cancelRequested(Optional.of(cancelled))).isEqualTo(Transition.none());
  }

  @Test
  void jobOfADeletedEnvironmentFailsWithThatReason() {
    Job job = lifecycle.submitted(Optional.empty(), submitted).job().orElseThrow();

    Transition t = lifecycle.environmentGone(job, "was deleted");

    assertThat(t.job().orElseThrow().status()).isEqualTo(JobStatus.FAILED);
    assertThat(t.events())
        .containsExactly(
            new JobFailed("j-1", "ada", 0, "environment 'default' was deleted", false));
  }

  @Test
  void runCreatedIsRecordedOnce() {
    Job job = lifecycle.submitted(Optional.empty(), submitted).job().orElseThrow();
    Job withRun = lifecycle.runCreated(Optional.of(job), "run-1").job().orElseThrow();

    assertThat(withRun.mlflowRunId()).isEqualTo("run-1");
    assertThat(lifecycle.runCreated(Optional.of(withRun), "run-1")).isEqualTo(Transition.none());
  }
}
