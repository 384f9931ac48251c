package io.trainyard.job.domain.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trainyard.contracts.template.Template.Direction;
import io.trainyard.job.domain.sweep.Asha.Decision;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AshaTest {

  private final Asha accuracy = new Asha(1, 3, 27, Direction.MAX);

  @Test
  void rungsGrowByTheReductionFactorBelowTheFullEpochs() {
    assertThat(new Asha(1, 3, 27, Direction.MAX).rungs()).containsExactly(1, 3, 9);
    assertThat(new Asha(1, 3, 10, Direction.MAX).rungs()).containsExactly(1, 3, 9);
    assertThat(new Asha(1, 3, 9, Direction.MAX).rungs()).containsExactly(1, 3);
    assertThat(new Asha(2, 2, 16, Direction.MAX).rungs()).containsExactly(2, 4, 8);
    assertThat(new Asha(5, 3, 5, Direction.MAX).rungs()).isEmpty();
    assertThat(accuracy.isRung(3)).isTrue();
    assertThat(accuracy.isRung(4)).isFalse();
  }

  @Test
  void theFirstTrialAtARungGoesOn() {
    assertThat(accuracy.atRung(1, "accuracy", 0.1, List.of())).isEqualTo(new Decision.Continue());
  }

  @Test
  void aTrialArrivingLateIsMeasuredAgainstEveryoneBeforeItAndStoppedWithTheCut() {
    Decision late = accuracy.atRung(3, "accuracy", 0.75, List.of(0.9, 0.8, 0.7));

    assertThat(late)
        .isEqualTo(new Decision.Stop("stopped early at epoch 3: accuracy 0.75, rung cut 0.8"));
    assertThat(accuracy.atRung(3, "accuracy", 0.85, List.of(0.9, 0.8, 0.7)))
        .isEqualTo(new Decision.Continue());
  }

  @Test
  void aTieWithTheCutGoesOn() {
    assertThat(accuracy.atRung(1, "accuracy", 0.8, List.of(0.8, 0.8)))
        .isEqualTo(new Decision.Continue());
  }

  @Test
  void forALossTheLowestThirdGoesOn() {
    Asha loss = new Asha(1, 3, 27, Direction.MIN);

    assertThat(loss.atRung(1, "val_loss", 0.35, List.of(0.2, 0.3, 0.4)))
        .isEqualTo(new Decision.Stop("stopped early at epoch 1: val_loss 0.35, rung cut 0.3"));
    assertThat(loss.atRung(1, "val_loss", 0.25, List.of(0.2, 0.3, 0.4)))
        .isEqualTo(new Decision.Continue());
  }

  @Test
  void aMetricThatIsNotANumberStopsItsTrialAndNoOneElsesCut() {
    assertThat(accuracy.atRung(1, "accuracy", Double.NaN, List.of(0.5)))
        .isEqualTo(new Decision.Stop("stopped early at epoch 1: accuracy is NaN"));
    assertThat(accuracy.atRung(1, "accuracy", 0.5, List.of(Double.NaN, Double.NaN)))
        .as("a failed trial's NaN is no competitor")
        .isEqualTo(new Decision.Continue());
  }

  @Test
  void aTrialThatFailedAfterARungStillCountsAtThatRung() {
    // The record holds what each trial reached; a later failure does not erase its rung metric.
    List<Double> rung1 = List.of(0.95 /* failed at epoch 2 */, 0.6);

    assertThat(accuracy.atRung(1, "accuracy", 0.7, rung1)).isInstanceOf(Decision.Stop.class);
  }

  @Test
  void overManyTrialsAboutOneInEtaGoesOnFromEachRung() {
    List<Double> recorded = new ArrayList<>();
    int went = 0;
    // Arrivals in a shuffled order of quality, as asynchronous trials come.
    double[] arrivals = {0.5, 0.9, 0.1, 0.7, 0.3, 0.8, 0.2, 0.6, 0.4, 0.95, 0.05, 0.65};
    for (double metric : arrivals) {
      if (accuracy.atRung(1, "accuracy", metric, recorded) instanceof Decision.Continue) {
        went++;
      }
      recorded.add(metric);
    }
    assertThat(went).isBetween(arrivals.length / 3, arrivals.length / 2);
  }

  @Test
  void settingsOutsideTheRuleAreRefused() {
    assertThatThrownBy(() -> new Asha(0, 3, 10, Direction.MAX)).hasMessageContaining("minEpochs");
    assertThatThrownBy(() -> new Asha(1, 1, 10, Direction.MAX))
        .hasMessageContaining("reductionFactor");
    assertThatThrownBy(() -> new Asha(5, 3, 2, Direction.MAX)).hasMessageContaining("maxEpochs");
  }
}
