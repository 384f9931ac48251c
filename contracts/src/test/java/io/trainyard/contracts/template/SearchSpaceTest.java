package io.trainyard.contracts.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trainyard.contracts.codec.CloudEventCodec;
import io.trainyard.contracts.template.HyperparameterCheck.Violation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {

  private final Template mlp = Templates.byId("digits-mlp").orElseThrow();

  private static SearchSpace.Parsed parse(String json) throws Exception {
    return SearchSpace.parse(CloudEventCodec.mapper().readTree(json));
  }

  private SearchSpace space(String json) throws Exception {
    SearchSpace.Parsed parsed = parse(json);
    assertThat(parsed.violations()).isEmpty();
    return parsed.space();
  }

  @Test
  void aGridIsEveryCombinationOfChoicesAndIntRanges() throws Exception {
    var grid = space("{\"hidden\": {\"choice\": [64, 128]}, \"epochs\": {\"int\": [1, 3]}}").grid();

    assertThat(grid).hasSize(6);
    assertThat(grid)
        .contains(Map.of("hidden", 64, "epochs", 1L), Map.of("hidden", 128, "epochs", 3L));
  }

  @Test
  void aGridOfAContinuousRangeIsRefused() throws Exception {
    assertThatThrownBy(() -> space("{\"learningRate\": {\"uniform\": [0.001, 0.1]}}").grid())
        .hasMessageContaining("space.learningRate: a grid needs choice or int values");
  }

  @Test
  void aRandomSearchIsTheSameForTheSameSeedAndStaysInsideItsRanges() throws Exception {
    SearchSpace s =
        space(
            "{\"learningRate\": {\"logUniform\": [0.0001, 0.1]}, \"hidden\": {\"int\": [16, 256]},"
                + " \"batchSize\": {\"choice\": [32, 64]}}");

    var trials = s.random(12, 7);
    assertThat(trials).hasSize(12).isEqualTo(s.random(12, 7)).isNotEqualTo(s.random(12, 8));
    assertThat(trials)
        .allSatisfy(
            t -> {
              assertThat((double) t.get("learningRate")).isBetween(0.0001, 0.1);
              assertThat((long) t.get("hidden")).isBetween(16L, 256L);
              assertThat(t.get("batchSize")).isIn(32, 64);
            });
    long small = trials.stream().filter(t -> (double) t.get("learningRate") < 0.001).count();
    assertThat(small).as("log-uniform: a third of the draws below 1e-3").isBetween(1L, 8L);
  }

  @Test
  void aSpaceOutsideTheTemplatesSchemaNamesTheFieldAndTheReason() throws Exception {
    List<Violation> wrong =
        space(
                "{\"dropout\": {\"uniform\": [0, 0.5]}, \"learningRate\": {\"uniform\": [0.001, 2]},"
                    + " \"hidden\": {\"uniform\": [8.5, 64]}, \"epochs\": {\"choice\": [5, 500]}}")
            .violations(mlp);

    assertThat(wrong)
        .extracting(Violation::field)
        .containsExactly("space.dropout", "space.epochs", "space.hidden", "space.learningRate");
    assertThat(wrong.get(0).reason()).isEqualTo("digits-mlp has no hyperparameter 'dropout'");
    assertThat(wrong.get(1).reason()).contains("500");
    assertThat(wrong.get(2).reason()).contains("integer");
    assertThat(wrong.get(3).reason()).contains("2.0");
  }

  @Test
  void malformedDimensionsAreNamed() throws Exception {
    assertThat(parse("{}").violations())
        .containsExactly(new Violation("space", "give at least one hyperparameter"));
    assertThat(
            parse(
                    "{\"a\": {\"uniform\": [1]}, \"b\": {\"uniform\": [2, 1]}, \"c\": {\"logUniform\": [0, 1]},"
                        + " \"d\": {\"int\": [1.5, 3]}, \"e\": {\"normal\": [0, 1]}, \"f\": {\"choice\": []}}")
                .violations())
        .extracting(Violation::field, Violation::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("space.a", "uniform needs [low, high]"),
            org.assertj.core.groups.Tuple.tuple("space.b", "low must be below high"),
            org.assertj.core.groups.Tuple.tuple("space.c", "logUniform needs low above 0"),
            org.assertj.core.groups.Tuple.tuple("space.d", "int needs whole numbers"),
            org.assertj.core.groups.Tuple.tuple(
                "space.e", "unknown kind 'normal' (choice, uniform, logUniform or int)"),
            org.assertj.core.groups.Tuple.tuple("space.f", "choice needs a list of values"));
  }
}
