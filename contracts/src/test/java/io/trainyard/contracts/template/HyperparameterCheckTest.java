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
  void valuesBecomeTheJsonJacksonWouldMakeOfThem() {
    Map<String, Object> values = new java.util.LinkedHashMap<>();
    values.put("epochs", 3);
    values.put("steps", 12_000_000_000L);
    values.put("learningRate", 0.01);
    values.put("scale", 1.5f);
    values.put("name", "x");
    values.put("on", true);
    values.put("none", null);
    values.put("layers", java.util.List.of(1, 2.5, "three"));
    values.put("nested", Map.of("a", java.math.BigDecimal.ONE));

    assertThat(HyperparameterCheck.tree(values))
        .isEqualTo(io.trainyard.contracts.codec.CloudEventCodec.mapper().valueToTree(values));
  }

  @Test
  void defaultsFillWhatWasNotGiven() {
    assertThat(digits.withDefaults(Map.of("epochs", 3)))
        .containsEntry("epochs", 3)
        .containsEntry("batchSize", 32)
        .containsEntry("hidden", 128);
  }
}
