package io.trainyard.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.trainyard.contracts.environment.EnvironmentDeleted;
import io.trainyard.contracts.environment.EnvironmentReady;
import io.trainyard.contracts.environment.EnvironmentRequested;
import io.trainyard.contracts.job.Executor;
import io.trainyard.contracts.job.JobCancelRequested;
import io.trainyard.contracts.job.JobFailed;
import io.trainyard.contracts.job.JobPaused;
import io.trainyard.contracts.job.JobProgressed;
import io.trainyard.contracts.job.JobResumed;
import io.trainyard.contracts.job.JobStarted;
import io.trainyard.contracts.job.JobSubmitted;
import io.trainyard.contracts.job.JobSucceeded;
import io.trainyard.contracts.job.Resources;
import io.trainyard.contracts.tracking.ModelRegistered;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProjectionsTest {

  private static final Instant T = Instant.parse("2026-11-28T12:00:00Z");
  private final JobView submitted =
      Projections.job(
              Optional.empty(),
              new JobSubmitted(
                  "j",
                  "ada",
                  "default",
                  "digits-mlp",
                  null,
                  null,
                  Map.of("epochs", 3),
                  2,
                  new Resources(1, 1, 0)),
              T)
          .orElseThrow();

  private JobView apply(JobView v, io.trainyard.contracts.job.JobEvent e) {
    return Projections.job(Optional.of(v), e, T.plusSeconds(1)).orElseThrow();
  }

  @Test
  void submissionKeepsWhatWasAskedFor() {
    assertThat(submitted.status()).isEqualTo(JobStatus.SUBMITTED);
    assertThat(submitted.spec().workers()).isEqualTo(2);
    assertThat(submitted.spec().executor()).isEqualTo("ray");
    assertThat(submitted.spec().hyperparameters()).containsEntry("epochs", 3);
  }

  @Test
  void progressAfterSuccessDoesNotReopenTheJob() {
    JobView done = apply(submitted, new JobSucceeded("j", "ada", 1, Map.of("accuracy", 0.97), "m"));

    Optional<JobView> late =
        Projections.job(
            Optional.of(done), new JobProgressed("j", "ada", 1, 1, 5, 10, Map.of("loss", 1.0)), T);

    assertThat(late).isEmpty();
    assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(done.state().metrics()).containsEntry("accuracy", 0.97);
  }

  @Test
  void progressShowsEpochsDoneAsAPercentageAndSuccessFillsIt() {
    JobView running =
        apply(submitted, new JobProgressed("j", "ada", 1, 1, 4, 10, Map.of("loss", 1.0)));
    assertThat(running.state().progress().percent()).isEqualTo(25);
    JobView done = apply(running, new JobSucceeded("j", "ada", 1, Map.of(), "m"));
    assertThat(done.state().progress().percent()).isEqualTo(100);
  }

  @Test
  void eachAttemptIsListedWithHowItEnded() {
    JobView first = apply(submitted, new JobStarted("j", "ada", 1, Executor.RAY, "j-1", "r"));
    JobView retrying = apply(first, new JobFailed("j", "ada", 1, "node died", true));
    JobView second = apply(retrying, new JobStarted("j", "ada", 2, Executor.RAY, "j-2", "r"));
    JobView done = apply(second, new JobSucceeded("j", "ada", 2, Map.of(), "m"));

    assertThat(retrying.status()).isEqualTo(JobStatus.RETRYING);
    assertThat(done.state().attempts())
        .extracting(JobView.Attempt::number, JobView.Attempt::status, JobView.Attempt::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, JobStatus.FAILED, "node died"),
            org.assertj.core.groups.Tuple.tuple(2, JobStatus.SUCCEEDED, null));
    assertThat(done.mlflowRunId()).isEqualTo("r");
  }

  @Test
  void aPausedAttemptEndsPausedTheJobWaitsAndAResumeQueuesItForItsNextAttempt() {
    JobView first = apply(submitted, new JobStarted("j", "ada", 1, Executor.RAY, "j-1", "r"));
    JobView paused = apply(first, new JobPaused("j", "ada", 1, 1, 9, "paused after epoch 1 of 9"));
    JobView resumed = apply(paused, new JobResumed("j", "ada", 2, 3, "promoted at epoch 1"));
    JobView second = apply(resumed, new JobStarted("j", "ada", 2, Executor.RAY, "j-2", "r"));

    assertThat(paused.status()).isEqualTo(JobStatus.PAUSED);
    assertThat(paused.state().reason()).isEqualTo("paused after epoch 1 of 9");
    assertThat(paused.state().attempts())
        .extracting(JobView.Attempt::status, a -> a.endedAt() != null)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(JobStatus.PAUSED, true));
    assertThat(resumed.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(resumed.state().reason()).isEqualTo("promoted at epoch 1");
    assertThat(second.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(second.state().attempts()).extracting(JobView.Attempt::number).containsExactly(1, 2);
  }

  @Test
  void aRequestedCancelStaysVisibleWhileTheJobStillReportsProgress() {
    JobView cancelling = apply(submitted, new JobCancelRequested("j", "ada"));
    JobView still =
        apply(cancelling, new JobProgressed("j", "ada", 1, 1, 5, 10, Map.of("loss", 1.0)));
    assertThat(still.status()).isEqualTo(JobStatus.CANCELLING);
  }

  @Test
  void eventsForAnUnknownJobAreIgnoredUntilItsSubmissionArrives() {
    assertThat(
            Projections.job(
                Optional.empty(), new JobProgressed("j", "ada", 1, 1, 5, 10, Map.of()), T))
        .isEmpty();
  }

  @Test
  void registeredModelIsShownOnTheJob() {
    JobView v =
        Projections.tracking(
                Optional.of(submitted),
                new ModelRegistered("j", "ada", "ada-digits", 2, java.util.List.of("latest")),
                T)
            .orElseThrow();

    assertThat(v.model()).isEqualTo(new JobView.ModelRef("ada-digits", 2));
  }

  @Test
  void anEnvironmentRequestedAgainAfterDeletionStartsFresh() {
    EnvironmentView requested =
        Projections.environment(
                Optional.empty(), new EnvironmentRequested("ada", "e", 2, 1, 2, 0), T)
            .orElseThrow();
    EnvironmentView ready =
        Projections.environment(
                Optional.of(requested),
                new EnvironmentReady("ada", "e", "http://d", "http://j", 2),
                T.plusSeconds(5))
            .orElseThrow();
    EnvironmentView deleted =
        Projections.environment(
                Optional.of(ready),
                new EnvironmentDeleted("ada", "e", EnvironmentDeleted.Reason.USER),
                T.plusSeconds(9))
            .orElseThrow();
    EnvironmentView again =
        Projections.environment(
                Optional.of(deleted),
                new EnvironmentRequested("ada", "e", 1, 1, 2, 0),
                T.plusSeconds(20))
            .orElseThrow();

    assertThat(ready.dashboardUrl()).isEqualTo("http://d");
    assertThat(deleted.gone()).isTrue();
    assertThat(again.createdAt()).isEqualTo(T.plusSeconds(20));
    assertThat(again.size().workers()).isEqualTo(1);
  }
}
