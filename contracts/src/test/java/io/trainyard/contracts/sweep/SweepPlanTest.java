package io.trainyard.contracts.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.trainyard.contracts.job.Resources;
import io.trainyard.contracts.template.HyperparameterCheck.Violation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SweepPlanTest {

  static SweepRequested request(
      Map<String, Object> space, String method, Integer trials, int maxConcurrent) {
    return new SweepRequested(
        "s-1",
        "ada",
        "default",
        "digits-mlp",
        null,
        null,
        Map.of("epochs", 9),
        space,
        method,
        trials,
        42L,
        maxConcurrent,
        "accuracy",
        "max",
        new SweepRequested.EarlyStopping(1, 3),
        1,
        new Resources(1, 1, 0),
        null);
  }

  @Test
  void aRandomSearchIsTheSharedValuesOverlaidByEachDrawnPoint() {
    var plan =
        SweepPlan.of(
            request(
                Map.of("learningRate", Map.of("logUniform", List.of(1e-4, 1e-1))), "random", 6, 2),
            Optional.of(2));

    assertThat(plan.violations()).isEmpty();
    assertThat(plan.trials()).hasSize(6);
    assertThat(plan.trials()).allSatisfy(t -> assertThat(t).containsEntry("epochs", 9));
    assertThat(plan.trials())
        .isEqualTo(
            SweepPlan.of(
                    request(
                        Map.of("learningRate", Map.of("logUniform", List.of(1e-4, 1e-1))),
                        "random",
                        6,
                        2),
                    Optional.empty())
                .trials());
  }

  @Test
  void aGridIsEveryCombination() {
    var plan =
        SweepPlan.of(
            request(
                Map.of(
                    "hidden", Map.of("choice", List.of(32, 64)),
                    "batchSize", Map.of("choice", List.of(16, 32, 64))),
                "grid",
                null,
                1),
            Optional.empty());

    assertThat(plan.trials()).hasSize(6);
  }

  @Test
  void namesTheFieldOfEachMistake() {
    var plan =
        SweepPlan.of(
            request(
                Map.of(
                    "depth", Map.of("int", List.of(1, 3)),
                    "learningRate", Map.of("uniform", List.of(0.5, 3.0)),
                    "epochs", Map.of("choice", List.of(3, 9))),
                "random",
                4,
                3),
            Optional.of(2));

    assertThat(plan.trials()).isEmpty();
    assertThat(plan.violations())
        .extracting(Violation::field)
        .containsExactlyInAnyOrder(
            "space.depth", "space.learningRate", "space.epochs", "maxConcurrent");
    assertThat(plan.violations())
        .filteredOn(v -> v.field().equals("maxConcurrent"))
        .extracting(Violation::reason)
        .containsExactly(
            "3 trials of 1 worker(s) need 3 workers at once; environment 'default' has 2");
  }

  @Test
  void aRandomSearchNeedsItsTrialsAndAGridNeedsDiscreteValues() {
    Map<String, Object> space = Map.of("learningRate", Map.of("uniform", List.of(0.001, 0.1)));

    assertThat(SweepPlan.of(request(space, "random", null, 1), Optional.empty()).violations())
        .extracting(Violation::field)
        .containsExactly("trials");
    assertThat(SweepPlan.of(request(space, "grid", null, 1), Optional.empty()).violations())
        .extracting(Violation::reason)
        .containsExactly("space.learningRate: a grid needs choice or int values");
  }
}
