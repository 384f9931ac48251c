package io.trainyard.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.trainyard.contracts.job.JobProgressed;
import io.trainyard.contracts.job.JobSubmitted;
import io.trainyard.contracts.job.JobSucceeded;
import io.trainyard.contracts.job.Resources;
import io.trainyard.contracts.tracking.ModelRegistered;
import java.time.Instant;
import java.util.List;
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
                  Map.of(),
                  1,
                  new Resources(1, 1, 0)),
              T)
          .orElseThrow();

  @Test
  void progressAfterSuccessDoesNotReopenTheJob() {
    JobView done =
        Projections.job(
                Optional.of(submitted),
                new JobSucceeded("j", "ada", 1, Map.of("accuracy", 0.97), "m"),
                T)
            .orElseThrow();

    Optional<JobView> late =
        Projections.job(
            Optional.of(done), new JobProgressed("j", "ada", 1, 1, 5, 10, Map.of("loss", 1.0)), T);

    assertThat(late).isEmpty();
    assertThat(done.status()).isEqualTo("SUCCEEDED");
    assertThat(done.metrics()).containsEntry("accuracy", 0.97);
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
                new ModelRegistered("j", "ada", "ada-digits", 2, List.of("latest")),
                T)
            .orElseThrow();

    assertThat(v.modelName()).isEqualTo("ada-digits");
    assertThat(v.modelVersion()).isEqualTo(2);
  }
}
