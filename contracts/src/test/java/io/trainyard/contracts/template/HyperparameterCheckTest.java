package io.trainyard.contracts.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.trainyard.contracts.template.HyperparameterCheck.Violation;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HyperparameterCheckTest {

  private final Template digits = Templates.byId("digits-mlp").orElseThrow();

  @Test
  void defaultsAndValuesInRangePass() {
    assertThat(HyperparameterCheck.violations(digits, Map.of())).isEmpty();
    assertThat(HyperparameterCheck.violations(digits, Map.of("epochs", 5, "learningRate", 0.01)))
        .isEmpty();
  }

  @Test
  void aValueOutOfRangeNamesItsField() {
    assertThat(HyperparameterCheck.violations(digits, Map.of("epochs", 0)))
        .extracting(Violation::field)
        .containsExactly("hyperparameters.epochs");
  }

  @Test
  void aWrongTypeAndAnUnknownNameAreBothNamed() {
    assertThat(HyperparameterCheck.violations(digits, Map.of("batchSize", "big", "momentum", 0.9)))
        .extracting(Violation::field)
        .containsExactly("hyperparameters.batchSize", "hyperparameters.momentum");
  }

  @Test
  void defaultsFillWhatWasNotGiven() {
    assertThat(digits.withDefaults(Map.of("epochs", 3)))
        .containsEntry("epochs", 3)
        .containsEntry("batchSize", 32)
        .containsEntry("hidden", 128);
  }
}
