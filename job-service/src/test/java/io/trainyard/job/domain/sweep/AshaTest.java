package io.trainyard.job.domain.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trainyard.contracts.template.Template.Direction;
import io.trainyard.job.domain.sweep.Asha.Decision;
import io.trainyard.job.domain.sweep.Asha.Entry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AshaTest {

  private final Asha accuracy = new Asha(1, 3, Direction.MAX);

  private static Entry paused(int trial, double metric) {
    return new Entry(trial, metric, true);
  }

  private static Entry goneOn(int trial, double metric) {
    return new Entry(trial, metric, false);
  }

  @Test
  void rungsGrowByTheReductionFactorBelowATrialsLastEpochWhichIsWherePromotionsGo() {
    assertThat(accuracy.rungs(27)).containsExactly(1, 3, 9);
    assertThat(accuracy.rungs(10)).containsExactly(1, 3, 9);
    assertThat(accuracy.rungs(9)).containsExactly(1, 3);
    assertThat(new Asha(2, 2, Direction.MAX).rungs(16)).containsExactly(2, 4, 8);
    assertThat(new Asha(5, 3, Direction.MAX).rungs(5)).isEmpty();
    assertThat(accuracy.next(1, 9)).isEqualTo(3);
    assertThat(accuracy.next(3, 9)).as("the last rung promotes to the end").isEqualTo(9);
  }

  @Test
  void theFirstTrialsAtARungWaitInsteadOfGoingOnByDefault() {
    assertThat(accuracy.atRung(1, "accuracy", List.of(paused(1, 0.9)), 11)).isEmpty();
    assertThat(accuracy.atRung(1, "accuracy", List.of(paused(1, 0.9), paused(2, 0.3)), 10))
        .isEmpty();
  }

  @Test
  void aTrialIsPromotedOnceNoTrialStillToComeCanPushItOutOfTheTop() {
    // 10 of 12 in: the top 4 go on. Two arrivals could push the third out, but not the first two.
    List<Entry> rung = new ArrayList<>();
    for (int t = 1; t <= 10; t++) {
      rung.add(paused(t, t / 10.0));
    }

    List<Decision> decisions = accuracy.atRung(1, "accuracy", rung, 2);

    assertThat(decisions)
        .filteredOn(Decision.Promote.class::isInstance)
        .containsExactly(
            new Decision.Promote(
                10, "promoted at epoch 1: accuracy 1, rank 1 of 10 with 2 to come, in the top 1/3"),
            new Decision.Promote(
                9,
                "promoted at epoch 1: accuracy 0.9, rank 2 of 10 with 2 to come, in the top 1/3"));
    assertThat(decisions)
        .filteredOn(Decision.Stop.class::isInstance)
        .extracting(Decision::trial)
        .as("the 4th could still be in the top 4 of 12; the rest cannot")
        .containsExactly(6, 5, 4, 3, 2, 1);
  }

  @Test
  void aTrialArrivingLateIsPromotedIfItIsInTheTopEvenBelowOnesThatHaveGoneOn() {
    List<Entry> rung = new ArrayList<>();
    rung.add(goneOn(1, 0.95));
    rung.add(goneOn(2, 0.93));
    for (int t = 3; t <= 8; t++) {
      rung.add(paused(t, t / 10.0));
    }
    rung.add(paused(9, 0.91));

    assertThat(accuracy.atRung(1, "accuracy", rung, 0))
        .first()
        .isEqualTo(
            new Decision.Promote(
                9, "promoted at epoch 1: accuracy 0.91, rank 3 of 9, in the top 1/3"));
  }

  @Test
  void aPausedTrialThatCanNoLongerReachTheTopIsStoppedWithTheRungsCutAndOneThatCanWaits() {
    // 5 recorded and 1 to come: at most 2 of 6 go on, and two are better than trials 3 to 5.
    List<Entry> rung =
        List.of(goneOn(1, 0.9), paused(2, 0.8), paused(3, 0.5), paused(4, 0.41234), paused(5, 0.2));

    assertThat(accuracy.atRung(1, "accuracy", rung, 1))
        .containsExactly(
            new Decision.Stop(3, "stopped early at epoch 1: accuracy 0.5, rung cut 0.8"),
            new Decision.Stop(4, "stopped early at epoch 1: accuracy 0.4123, rung cut 0.8"),
            new Decision.Stop(5, "stopped early at epoch 1: accuracy 0.2, rung cut 0.8"));
  }

  @Test
  void whenNoOtherTrialCanReachTheRungItsBestGoesOnEvenWithFewerThanEta() {
    assertThat(accuracy.atRung(3, "accuracy", List.of(paused(4, 0.7), paused(6, 0.8)), 0))
        .containsExactly(
            new Decision.Promote(
                6, "promoted at epoch 3: accuracy 0.8, rank 1 of 2, in the top 1/3"),
            new Decision.Stop(4, "stopped early at epoch 3: accuracy 0.7, rung cut 0.8"));
  }

  @Test
  void aTieGoesToTheTrialThatStartedFirst() {
    assertThat(
            accuracy.atRung(
                1, "accuracy", List.of(paused(3, 0.8), paused(1, 0.8), paused(2, 0.8)), 0))
        .extracting(Decision::trial)
        .containsExactly(1, 2, 3);
    assertThat(
            accuracy.atRung(
                1, "accuracy", List.of(paused(3, 0.8), paused(1, 0.8), paused(2, 0.8)), 0))
        .first()
        .isInstanceOf(Decision.Promote.class);
  }

  @Test
  void forALossTheLowestGoOn() {
    Asha loss = new Asha(1, 3, Direction.MIN);

    assertThat(
            loss.atRung(1, "val_loss", List.of(paused(1, 0.35), paused(2, 0.2), paused(3, 0.4)), 0))
        .containsExactly(
            new Decision.Promote(
                2, "promoted at epoch 1: val_loss 0.2, rank 1 of 3, in the top 1/3"),
            new Decision.Stop(1, "stopped early at epoch 1: val_loss 0.35, rung cut 0.2"),
            new Decision.Stop(3, "stopped early at epoch 1: val_loss 0.4, rung cut 0.2"));
  }

  @Test
  void aMetricThatIsNotANumberStopsItsTrialAtOnceAndRanksBelowEveryOther() {
    assertThat(accuracy.atRung(1, "accuracy", List.of(paused(1, Double.NaN)), 11))
        .containsExactly(new Decision.Stop(1, "stopped early at epoch 1: accuracy is NaN"));
    assertThat(
            accuracy.atRung(
                1, "accuracy", List.of(goneOn(1, Double.NaN), paused(2, 0.1), paused(3, 0.2)), 0))
        .as("a NaN is no competitor")
        .first()
        .isEqualTo(
            new Decision.Promote(
                3, "promoted at epoch 1: accuracy 0.2, rank 1 of 3, in the top 1/3"));
  }

  @Test
  void aTrialThatFailedAfterARungStillCountsAtThatRung() {
    // The record holds what each trial reached; a later failure does not erase its rung metric.
    List<Entry> rung = List.of(goneOn(1, 0.95), paused(2, 0.6), paused(3, 0.7));

    assertThat(accuracy.atRung(1, "accuracy", rung, 0))
        .containsExactly(
            new Decision.Stop(3, "stopped early at epoch 1: accuracy 0.7, rung cut 0.95"),
            new Decision.Stop(2, "stopped early at epoch 1: accuracy 0.6, rung cut 0.95"));
  }

  @Test
  void whateverOrderTwelveTrialsArriveInTheTopFourGoOnFromTheFirstRungAndTheBestFromTheSecond() {
    double[] quality = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.97};
    List<List<Integer>> orders =
        List.of(
            List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12),
            List.of(12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1),
            List.of(5, 12, 1, 8, 3, 10, 7, 2, 11, 6, 9, 4));
    for (List<Integer> order : orders) {
      List<Integer> promoted = rung(1, order, quality);
      assertThat(promoted).as("from rung 1, arriving %s", order).containsOnly(9, 10, 11, 12);
      assertThat(rung(3, promoted, quality)).as("from rung 3").containsExactly(12);
    }
  }

  /** The trials promoted from a rung that {@code arrivals} reach in that order. */
  private List<Integer> rung(int epoch, List<Integer> arrivals, double[] quality) {
    List<Entry> rung = new ArrayList<>();
    List<Integer> promoted = new ArrayList<>();
    for (int i = 0; i < arrivals.size(); i++) {
      int arriving = arrivals.get(i);
      rung.add(paused(arriving, quality[arriving - 1]));
      for (Decision d : accuracy.atRung(epoch, "accuracy", rung, arrivals.size() - i - 1)) {
        rung.replaceAll(e -> e.trial() == d.trial() ? goneOn(d.trial(), e.metric()) : e);
        if (d instanceof Decision.Promote) {
          promoted.add(d.trial());
        }
      }
    }
    assertThat(rung).as("every trial decided").noneMatch(Entry::paused);
    return promoted;
  }

  @Test
  void settingsOutsideTheRuleAreRefused() {
    assertThatThrownBy(() -> new Asha(0, 3, Direction.MAX)).hasMessageContaining("minEpochs");
    assertThatThrownBy(() -> new Asha(1, 1, Direction.MAX)).hasMessageContaining("reductionFactor");
  }
}
