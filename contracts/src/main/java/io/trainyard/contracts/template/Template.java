package io.trainyard.contracts.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A built-in training template: what its model takes and gives, the metric that says which model is
 * better, and its hyperparameters as a JSON Schema (defaults, ranges, help) a UI can render.
 */
public record Template(
    String id,
    String title,
    String description,
    List<Integer> inputShape,
    List<Integer> outputShape,
    String primaryMetric,
    Direction direction,
    JsonNode hyperparameters) {

  public enum Direction {
    @com.fasterxml.jackson.annotation.JsonProperty("max")
    MAX,
    @com.fasterxml.jackson.annotation.JsonProperty("min")
    MIN;

    /** Whether {@code candidate} beats {@code current} on this metric. */
    public boolean better(double candidate, double current) {
      return this == MAX ? candidate > current : candidate < current;
    }
  }

  /** The given hyperparameters, with the schema's default for each one not given. */
  public java.util.Map<String, Object> withDefaults(java.util.Map<String, Object> given) {
    java.util.Map<String, Object> all = new java.util.TreeMap<>();
    hyperparameters
        .path("properties")
        .properties()
        .forEach(
            p -> {
              if (p.getValue().has("default")) {
                all.put(
                    p.getKey(),
                    io.trainyard.contracts.codec.CloudEventCodec.mapper()
                        .convertValue(p.getValue().get("default"), Object.class));
              }
            });
    all.putAll(given);
    return all;
  }
}
