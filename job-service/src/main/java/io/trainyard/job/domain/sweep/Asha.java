package io.trainyard.job.domain.sweep;

import io.trainyard.contracts.template.Template.Direction;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Asynchronous successive halving by promotion (Li et al., "A System for Massively Parallel
 * Hyperparameter Tuning", 2020, Algorithm 2), for a sweep of known size. Every trial pauses at each
 * rung ({@code minEpochs × η^k} below its last epoch) and goes on only if it is in the top 1/η of
 * all the trials that reach that rung: at least one, ⌊n/η⌋ of n. A decision is made on each trial
 * the moment it is certain, whatever the trials still coming to the rung reach: promoted once no
 * arrival can push it out of the top, stopped once none can bring it in. So no trial goes on by
 * arriving early (the weakness of stopping trials as they arrive, which lets every first arrival
 * and every new best go on), none trains an epoch past its rung waiting to be stopped, and the
 * sweep trains what successive halving with every result in hand would, without waiting at a
 * barrier. Pure: the caller keeps what each trial recorded (as events), so a decision is the same
 * after a restart.
 */
public record Asha(int minEpochs, int reductionFactor, Direction direction) {

  /** A trial's metric at a rung; {@code paused}: it waits there for a decision. */
  public record Entry(int trial, double metric, boolean paused) {}

  /** What becomes of a trial paused at a rung; one that gets neither waits. */
  public sealed interface Decision {
    int trial();

    String reason();

    record Promote(int trial, String reason) implements Decision {}

    record Stop(int trial, String reason) implements Decision {}
  }

  public Asha {
    if (minEpochs < 1) {
      throw new IllegalArgumentException("minEpochs must be at least 1");
    }
    if (reductionFactor < 2) {
      throw new IllegalArgumentException("reductionFactor must be at least 2");
    }
  }

  /**
   * The epochs at which a trial of {@code epochs} pauses; its last epoch is its end, not a rung.
   */
  public List<Integer> rungs(int epochs) {
    List<Integer> rungs = new ArrayList<>();
    for (long r = minEpochs; r < epochs; r *= reductionFactor) {
      rungs.add((int) r);
    }
    return rungs;
  }

  /** Where a trial promoted from {@code rung} pauses next: the next rung, or its end. */
  public int next(int rung, int epochs) {
    return rungs(epochs).stream().filter(r -> r > rung).findFirst().orElse(epochs);
  }

  /**
   * The decisions on the trials paused at rung {@code epoch}, promotions best first; a paused trial
   * with none waits.
   *
   * @param entries every trial recorded at this rung, paused there or gone on or ended since
   * @param stillComing how many more trials may yet reach this rung
   */
  public List<Decision> atRung(int epoch, String metricName, List<Entry> entries, int stillComing) {
    List<Entry> ranked = entries.stream().sorted(best()).toList();
    int recorded = ranked.size();
    // Its best hope: no arrival beats it, and every one makes the top larger.
    int reachable = top(recorded + stillComing);
    List<Decision> out = new ArrayList<>();
    for (int rank = 0; rank < recorded; rank++) {
      Entry e = ranked.get(rank);
      if (!e.paused()) {
        continue;
      }
      if (!Double.isFinite(e.metric())) {
        out.add(
            new Decision.Stop(
                e.trial(),
                "stopped early at epoch " + epoch + ": " + metricName + " is " + e.metric()));
      } else if (certainlyInTop(rank, recorded, stillComing)) {
        out.add(
            new Decision.Promote(
                e.trial(),
                String.format(
                    Locale.ROOT,
                    "promoted at epoch %d: %s %s, rank %d of %d%s, in the top 1/%d",
                    epoch,
                    metricName,
                    round(e.metric()),
                    rank + 1,
                    recorded,
                    stillComing > 0 ? " with " + stillComing + " to come" : "",
                    reductionFactor)));
      } else if (rank >= reachable) {
        out.add(
            new Decision.Stop(
                e.trial(),
                String.format(
                    Locale.ROOT,
                    "stopped early at epoch %d: %s %s, rung cut %s",
                    epoch,
                    metricName,
                    round(e.metric()),
                    round(ranked.get(reachable - 1).metric()))));
      }
    }
    return out;
  }

  /** How many of {@code n} trials at a rung go on: the top 1/η, and always one. */
  private int top(int n) {
    return Math.max(1, n / reductionFactor);
  }

  /** Whether a trial ranked {@code rank} stays in the top however many of those to come beat it. */
  private boolean certainlyInTop(int rank, int recorded, int stillComing) {
    for (int beaten = 0; beaten <= stillComing; beaten++) {
      if (rank + beaten >= top(recorded + beaten)) {
        return false;
      }
    }
    return true;
  }

  /** Best first; a NaN last; a tie goes to the trial that started first. */
  private Comparator<Entry> best() {
    Comparator<Entry> byMetric = Comparator.comparingDouble(Entry::metric);
    if (direction == Direction.MAX) {
      byMetric = byMetric.reversed();
    }
    return Comparator.comparing((Entry e) -> !Double.isFinite(e.metric()))
        .thenComparing(byMetric)
        .thenComparingInt(Entry::trial);
  }

  private static String round(double value) {
    return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
  }
}
