package io.trainyard.contracts.sweep;

import io.trainyard.contracts.codec.CloudEventCodec;
import io.trainyard.contracts.template.HyperparameterCheck;
import io.trainyard.contracts.template.HyperparameterCheck.Violation;
import io.trainyard.contracts.template.SearchSpace;
import io.trainyard.contracts.template.Template;
import io.trainyard.contracts.template.Templates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A sweep request's trials, or what is wrong with it, each violation naming the request's field.
 * The gateway checks with it before it accepts a sweep, and job-service with the same rules before
 * it runs one (an outside system's request reaches it through the intake). Pure.
 */
public final class SweepPlan {

  private SweepPlan() {}

  /**
   * @param environmentWorkers the environment's workers, when it is known
   * @return the hyperparameters of each trial, in order, or the violations
   */
  public static Result of(SweepRequested request, Optional<Integer> environmentWorkers) {
    List<Violation> out = new ArrayList<>();
    Optional<Template> template =
        request.template() == null ? Optional.empty() : Templates.byId(request.template());
    if (request.template() != null && template.isEmpty()) {
      out.add(new Violation("template", "unknown template '" + request.template() + "'"));
      return new Result(List.of(), out);
    }
    SearchSpace.Parsed parsed =
        SearchSpace.parse(CloudEventCodec.mapper().valueToTree(request.space()));
    out.addAll(parsed.violations());
    template.ifPresent(t -> checkAgainst(t, request, parsed.space(), out));
    if (request.maxConcurrent() < 1) {
      out.add(new Violation("maxConcurrent", "must be at least 1"));
    }
    environmentWorkers
        .filter(workers -> request.maxConcurrent() * request.workers() > workers)
        .ifPresent(
            workers ->
                out.add(
                    new Violation(
                        "maxConcurrent",
                        request.maxConcurrent()
                            + " trials of "
                            + request.workers()
                            + " worker(s) need "
                            + request.maxConcurrent() * request.workers()
                            + " workers at once; environment '"
                            + request.environment()
                            + "' has "
                            + workers)));
    if (request.metric() == null || request.metric().isBlank()) {
      out.add(new Violation("metric", "name the metric that ranks the trials"));
    }
    if (!"max".equals(request.direction()) && !"min".equals(request.direction())) {
      out.add(new Violation("direction", "must be max or min"));
    }
    if (request.asha() != null) {
      if (request.asha().minEpochs() < 1) {
        out.add(new Violation("earlyStopping.asha.minEpochs", "must be at least 1"));
      }
      if (request.asha().reductionFactor() < 2) {
        out.add(new Violation("earlyStopping.asha.reductionFactor", "must be at least 2"));
      }
    }
    if (!out.isEmpty() || parsed.space() == null) {
      return new Result(List.of(), out);
    }
    List<Map<String, Object>> points = points(request, parsed.space(), out);
    List<Map<String, Object>> trials = new ArrayList<>();
    for (Map<String, Object> point : points) {
      Map<String, Object> hp = new TreeMap<>(request.hyperparameters());
      hp.putAll(point);
      trials.add(hp);
    }
    return new Result(out.isEmpty() ? trials : List.of(), out);
  }

  private static void checkAgainst(
      Template template, SweepRequested request, SearchSpace space, List<Violation> out) {
    out.addAll(HyperparameterCheck.violations(template, request.hyperparameters()));
    if (space != null) {
      out.addAll(space.violations(template));
      space.dimensions().keySet().stream()
          .filter(request.hyperparameters()::containsKey)
          .forEach(
              name ->
                  out.add(
                      new Violation(
                          "space." + name,
                          "is fixed in hyperparameters too: give it in one place")));
    }
  }

  private static List<Map<String, Object>> points(
      SweepRequested request, SearchSpace space, List<Violation> out) {
    if (SweepRequested.GRID.equals(request.method())) {
      try {
        return space.grid();
      } catch (IllegalArgumentException e) {
        out.add(new Violation("method", e.getMessage()));
        return List.of();
      }
    }
    if (!SweepRequested.RANDOM.equals(request.method())) {
      out.add(new Violation("method", "must be grid or random"));
      return List.of();
    }
    if (request.trials() == null
        || request.trials() < 1
        || request.trials() > SearchSpace.MAX_TRIALS) {
      out.add(
          new Violation(
              "trials",
              "a random search needs between 1 and " + SearchSpace.MAX_TRIALS + " trials"));
      return List.of();
    }
    return space.random(request.trials(), request.seed() == null ? 0L : request.seed());
  }

  /** Trial n's job: the sweep's id and the trial's number, so a repeat finds the same job. */
  public static String trialJobId(String sweepId, int trial) {
    return sweepId + "-t" + trial;
  }

  public record Result(List<Map<String, Object>> trials, List<Violation> violations) {}
}
