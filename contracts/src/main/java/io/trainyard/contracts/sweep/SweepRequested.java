package io.trainyard.contracts.sweep;

import io.trainyard.contracts.job.Executor;
import io.trainyard.contracts.job.FileRef;
import io.trainyard.contracts.job.Resources;
import java.util.Map;

/**
 * A search asked for by {@code owner}: every trial is a job with {@code hyperparameters} overlaid
 * by one point of {@code space}; {@code method} is {@code grid} or {@code random} (with {@code
 * trials} and {@code seed}). {@code asha} is null for no early stopping.
 */
public record SweepRequested(
    String sweepId,
    String owner,
    String environment,
    String template,
    FileRef code,
    FileRef data,
    Map<String, Object> hyperparameters,
    Map<String, Object> space,
    String method,
    Integer trials,
    Long seed,
    int maxConcurrent,
    String metric,
    String direction,
    EarlyStopping asha,
    int workers,
    Resources resources,
    Executor executor)
    implements SweepEvent {

  public static final String GRID = "grid";
  public static final String RANDOM = "random";

  public SweepRequested {
    hyperparameters = hyperparameters == null ? Map.of() : Map.copyOf(hyperparameters);
    space = space == null ? Map.of() : Map.copyOf(space);
  }

  /** Asynchronous successive halving: rungs at minEpochs × reductionFactor^k. */
  public record EarlyStopping(int minEpochs, int reductionFactor) {}
}
