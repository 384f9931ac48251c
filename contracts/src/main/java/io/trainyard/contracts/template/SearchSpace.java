package io.trainyard.contracts.template;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.contracts.codec.CloudEventCodec;
import io.trainyard.contracts.template.HyperparameterCheck.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A sweep's search space: per hyperparameter {@code {"choice": [...]}}, {@code {"uniform": [a,
 * b]}}, {@code {"logUniform": [a, b]}} or {@code {"int": [a, b]}} (both ends included), expanded as
 * a grid or sampled at random from a seed, so the same sweep always gets the same trials. Pure.
 */
public record SearchSpace(Map<String, Dimension> dimensions) {

  /** Trials a grid or a random search may have: each is a job. */
  public static final int MAX_TRIALS = 200;

  public sealed interface Dimension {
    record Choice(List<Object> values) implements Dimension {}

    record Uniform(double low, double high) implements Dimension {}

    record LogUniform(double low, double high) implements Dimension {}

    record IntRange(long low, long high) implements Dimension {}
  }

  public SearchSpace {
    dimensions = java.util.Collections.unmodifiableMap(new TreeMap<>(dimensions));
  }

  /** Reads {@code space}; the violations name the field ({@code space.<name>}) and the reason. */
  public static Parsed parse(JsonNode space) {
    List<Violation> violations = new ArrayList<>();
    Map<String, Dimension> dimensions = new LinkedHashMap<>();
    if (space == null || !space.isObject() || space.isEmpty()) {
      return new Parsed(null, List.of(new Violation("space", "give at least one hyperparameter")));
    }
    space
        .properties()
        .forEach(
            e -> {
              String field = "space." + e.getKey();
              JsonNode d = e.getValue();
              if (!d.isObject() || d.size() != 1) {
                violations.add(
                    new Violation(field, "one of choice, uniform, logUniform or int, with values"));
                return;
              }
              String kind = d.fieldNames().next();
              JsonNode v = d.get(kind);
              switch (kind) {
                case "choice" -> {
                  if (!v.isArray() || v.isEmpty()) {
                    violations.add(new Violation(field, "choice needs a list of values"));
                  } else {
                    List<Object> values = new ArrayList<>();
                    v.forEach(
                        x -> values.add(CloudEventCodec.mapper().convertValue(x, Object.class)));
                    dimensions.put(e.getKey(), new Dimension.Choice(values));
                  }
                }
                case "uniform", "logUniform", "int" -> {
                  if (!v.isArray()
                      || v.size() != 2
                      || !v.get(0).isNumber()
                      || !v.get(1).isNumber()) {
                    violations.add(new Violation(field, kind + " needs [low, high]"));
                  } else if (v.get(0).asDouble() >= v.get(1).asDouble()) {
                    violations.add(new Violation(field, "low must be below high"));
                  } else if ("logUniform".equals(kind) && v.get(0).asDouble() <= 0) {
                    violations.add(new Violation(field, "logUniform needs low above 0"));
                  } else if ("int".equals(kind)
                      && (!v.get(0).canConvertToExactIntegral()
                          || !v.get(1).canConvertToExactIntegral())) {
                    violations.add(new Violation(field, "int needs whole numbers"));
                  } else {
                    dimensions.put(
                        e.getKey(),
                        "uniform".equals(kind)
                            ? new Dimension.Uniform(v.get(0).asDouble(), v.get(1).asDouble())
                            : "logUniform".equals(kind)
                                ? new Dimension.LogUniform(v.get(0).asDouble(), v.get(1).asDouble())
                                : new Dimension.IntRange(v.get(0).asLong(), v.get(1).asLong()));
                  }
                }
                default ->
                    violations.add(
                        new Violation(
                            field,
                            "unknown kind '" + kind + "' (choice, uniform, logUniform or int)"));
              }
            });
    return new Parsed(new SearchSpace(dimensions), violations);
  }

  /** The dimensions that could be read, and what is wrong with the others. */
  public record Parsed(SearchSpace space, List<Violation> violations) {}

  /**
   * Where this space leaves {@code template}'s schema: an unknown hyperparameter, an end outside
   * its range, a value of the wrong type. Each end of a range and each choice is checked.
   */
  public List<Violation> violations(Template template) {
    List<Violation> out = new ArrayList<>();
    dimensions.forEach(
        (name, d) -> {
          if (!template.hyperparameters().path("properties").has(name)) {
            out.add(
                new Violation(
                    "space." + name, template.id() + " has no hyperparameter '" + name + "'"));
            return;
          }
          for (Object probe : ends(d)) {
            var wrong = HyperparameterCheck.violations(template, Map.of(name, probe));
            if (!wrong.isEmpty()) {
              out.add(new Violation("space." + name, wrong.get(0).reason() + " (" + probe + ")"));
              return;
            }
          }
        });
    return out;
  }

  private static List<Object> ends(Dimension d) {
    if (d instanceof Dimension.Choice c) {
      return c.values();
    } else if (d instanceof Dimension.Uniform u) {
      return List.of(u.low(), u.high());
    } else if (d instanceof Dimension.LogUniform l) {
      return List.of(l.low(), l.high());
    }
    Dimension.IntRange i = (Dimension.IntRange) d;
    return List.of(i.low(), i.high());
  }

  /** Every combination; only choices and int ranges have a grid. */
  public List<Map<String, Object>> grid() {
    List<Map<String, Object>> points = new ArrayList<>();
    points.add(new TreeMap<>());
    for (var e : dimensions.entrySet()) {
      List<Object> values = new ArrayList<>();
      if (e.getValue() instanceof Dimension.Choice c) {
        values.addAll(c.values());
      } else if (e.getValue() instanceof Dimension.IntRange i) {
        for (long x = i.low(); x <= i.high() && values.size() <= MAX_TRIALS; x++) {
          values.add(x);
        }
      } else {
        throw new IllegalArgumentException(
            "space." + e.getKey() + ": a grid needs choice or int values");
      }
      List<Map<String, Object>> next = new ArrayList<>();
      for (Map<String, Object> point : points) {
        for (Object value : values) {
          Map<String, Object> p = new TreeMap<>(point);
          p.put(e.getKey(), value);
          next.add(p);
          if (next.size() > MAX_TRIALS) {
            throw new IllegalArgumentException("the grid has more than " + MAX_TRIALS + " trials");
          }
        }
      }
      points = next;
    }
    return points;
  }

  private static Object draw(Dimension d, SplittableRandom random) {
    if (d instanceof Dimension.Choice c) {
      return c.values().get(random.nextInt(c.values().size()));
    } else if (d instanceof Dimension.Uniform u) {
      return u.low() + random.nextDouble() * (u.high() - u.low());
    } else if (d instanceof Dimension.LogUniform l) {
      double low = Math.log(l.low());
      return Math.exp(low + random.nextDouble() * (Math.log(l.high()) - low));
    }
    Dimension.IntRange i = (Dimension.IntRange) d;
    return random.nextLong(i.low(), i.high() + 1);
  }

  /** {@code trials} points drawn from {@code seed}: the same seed gives the same trials. */
  public List<Map<String, Object>> random(int trials, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Map<String, Object>> points = new ArrayList<>();
    for (int t = 0; t < trials; t++) {
      Map<String, Object> p = new TreeMap<>();
      dimensions.forEach((name, d) -> p.put(name, draw(d, random)));
      points.add(p);
    }
    return points;
  }
}
