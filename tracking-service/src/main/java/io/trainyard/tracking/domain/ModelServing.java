package io.trainyard.tracking.domain;

import io.trainyard.contracts.template.Template;
import io.trainyard.contracts.template.Templates;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Predictions from registered versions, by number or by alias, checked against the template. */
public class ModelServing {

  private final ModelRegistry registry;
  private final ModelStore store;
  private final ModelRunner runner;

  public ModelServing(ModelRegistry registry, ModelStore store, ModelRunner runner) {
    this.registry = registry;
    this.store = store;
    this.runner = runner;
  }

  /** {@code versionOrAlias} is a number, or {@code @alias}. */
  public Prediction predict(String name, String versionOrAlias, List<float[]> inputs) {
    int version = resolve(name, versionOrAlias);
    Optional<Template> template =
        Templates.byId(registry.tags(name, version).get("trainyard.template"));
    List<Integer> shape = template.map(Template::inputShape).orElse(null);
    if (inputs.isEmpty()) {
      throw new InvalidInputException("inputs", "give at least one input");
    }
    if (shape != null) {
      int size = shape.stream().reduce(1, (a, b) -> a * b);
      for (int i = 0; i < inputs.size(); i++) {
        if (inputs.get(i).length != size) {
          throw new InvalidInputException(
              "inputs[" + i + "]",
              "expected " + size + " numbers (shape " + shape + "), got " + inputs.get(i).length);
        }
      }
    }
    float[][] outputs =
        runner.run(
            name + "/" + version,
            () -> store.downloadTorchScript(registry.runOf(name, version)),
            shape,
            inputs);
    List<Integer> classes = new ArrayList<>();
    for (float[] out : outputs) {
      if (out.length > 1) {
        int best = 0;
        for (int k = 1; k < out.length; k++) {
          best = out[k] > out[best] ? k : best;
        }
        classes.add(best);
      }
    }
    return new Prediction(name, version, List.of(outputs), classes.isEmpty() ? null : classes);
  }

  private int resolve(String name, String versionOrAlias) {
    if (versionOrAlias.startsWith("@")) {
      String alias = versionOrAlias.substring(1);
      return registry
          .versionOf(name, alias)
          .orElseThrow(() -> new UnknownModelException(name + " has no alias '" + alias + "'"));
    }
    try {
      return Integer.parseInt(versionOrAlias);
    } catch (NumberFormatException e) {
      throw new InvalidInputException(
          "version", "'" + versionOrAlias + "' is neither a version number nor @alias");
    }
  }
}
