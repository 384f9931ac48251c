package io.trainyard.job.domain.sweep;

import io.trainyard.contracts.template.Template.Direction;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Asynchronous successive halving (Li et al., "A System for Massively Parallel Hyperparameter
 * Tuning", 2020), as a stopping rule: rungs at {@code minEpochs × η^k} below the trials' full
 * epochs; a trial reaching a rung goes on only if its metric is in the top 1/η of every metric
 * recorded at that rung so far, itself included (the (1 − 1/η) quantile is the cut, as Ray Tune's
 * ASHA computes it). Asynchronous: the first trials at a rung go on, one that arrives late is
 * measured against all that came before, whatever became of them since. Pure: the caller keeps the
 * record (as events), so a decision is the same after a restart.
 */
public record Asha(int minEpochs, int reductionFactor, int maxEpochs, Direction direction) {

  /** What a trial that reached a rung does next. */
  public sealed interface Decision {
    record Continue() implements Decision {}

    record Stop(String reason) implements Decision {}
  }

  public Asha {
    if (minEpochs < 1) {
      throw new IllegalArgumentException("minEpochs must be at least 1");
    }
    if (reductionFactor < 2) {
      throw new IllegalArgumentException("reductionFactor must be at least 2");
    }
    if (maxEpochs < minEpochs) {
      throw new IllegalArgumentException("maxEpochs must be at least minEpochs");
    }
  }

  /** The epochs at which trials are compared; the last epoch is the end, not a rung. */
  public List<Integer> rungs() {
    List<Integer> rungs = new ArrayList<>();
    for (long r = minEpochs; r < maxEpochs; r *= reductionFactor) {
      rungs.add((int) r);
    }
    return rungs;
  }

  public boolean isRung(int epoch) {
    return rungs().contains(epoch);
  }

  /**
   * The decision for a trial whose {@code metric} at rung {@code epoch} joins {@code recorded}, the
   * metrics other trials had at that rung.
   */
  public Decision atRung(int epoch, String metricName, double metric, Collection<Double> recorded) {
    if (!Double.isFinite(metric)) {
      return new Decision.Stop(
          "stopped early at epoch " + epoch + ": " + metricName + " is " + metric);
    }
    List<Double> values = new ArrayList<>();
    values.add(metric);
    recorded.stream().filter(Double::isFinite).forEach(values::add);
    double cut = cut(values);
    boolean keeps = direction == Direction.MAX ? metric >= cut : metric <= cut;
    return keeps
        ? new Decision.Continue()
        : new Decision.Stop(
            String.format(
                Locale.ROOT,
                "stopped early at epoch %d: %s %s, rung cut %s",
                epoch,
                metricName,
                round(metric),
                round(cut)));
  }

  /** The value the top 1/η are at least as good as: a quantile with linear interpolation. */
  private double cut(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    double quantile =
        direction == Direction.MAX ? 1 - 1.0 / reductionFactor : 1.0 / reductionFactor;
    double position = quantile * (sorted.size() - 1);
    int below = (int) Math.floor(position);
    int above = (int) Math.ceil(position);
    return sorted.get(below) + (sorted.get(above) - sorted.get(below)) * (position - below);
  }

  private static String round(double value) {
    return new java.math.BigDecimal(value)
        .round(new java.math.MathContext(4))
        .stripTrailingZeros()
        .toPlainString();
  }
}
