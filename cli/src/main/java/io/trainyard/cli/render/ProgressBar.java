package io.trainyard.cli.render;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One attempt's line: {@code attempt 1 [#####-----] epoch 5/10 accuracy 0.9132 loss 0.2810 0:12
 * elapsed, ~0:12 left}. The time left assumes the remaining epochs take what the finished ones took
 * on average.
 */
public final class ProgressBar {

  static final int WIDTH = 20;
  private static final int SHOWN_METRICS = 4;

  private ProgressBar() {}

  public static String render(
      int attempt,
      int epoch,
      int epochs,
      Map<String, Double> metrics,
      Duration elapsed,
      Style style) {
    int shown = Math.max(0, Math.min(epoch, epochs));
    int filled = epochs <= 0 ? 0 : (int) Math.round((double) WIDTH * shown / epochs);
    StringBuilder bar = new StringBuilder();
    bar.append(String.valueOf(style.full()).repeat(filled));
    bar.append(String.valueOf(style.empty()).repeat(WIDTH - filled));
    StringBuilder line = new StringBuilder();
    line.append("attempt ")
        .append(attempt)
        .append(" [")
        .append(bar)
        .append("] epoch ")
        .append(shown)
        .append('/')
        .append(epochs);
    line.append(metrics(metrics, SHOWN_METRICS));
    line.append("  ").append(clock(elapsed)).append(" elapsed");
    if (shown > 0 && shown < epochs) {
      Duration left = elapsed.dividedBy(shown).multipliedBy(epochs - shown);
      line.append(", ~").append(clock(left)).append(" left");
    }
    return line.toString();
  }

  /** {@code " accuracy 0.9132 loss 0.281"}: by name, at most {@code limit} of them. */
  public static String metrics(Map<String, Double> metrics, int limit) {
    StringBuilder s = new StringBuilder();
    new TreeMap<>(metrics)
        .entrySet().stream()
            .filter(e -> e.getValue() != null)
            .limit(limit)
            .forEach(
                e -> s.append("  ").append(e.getKey()).append(' ').append(number(e.getValue())));
    return s.toString();
  }

  /** Four significant digits, as a person reads a metric. */
  public static String number(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return Double.toString(value);
    }
    if (value != 0 && (Math.abs(value) >= 1e6 || Math.abs(value) < 1e-3)) {
      return String.format(Locale.ROOT, "%.3e", value);
    }
    return new java.math.BigDecimal(value)
        .round(new java.math.MathContext(4))
        .stripTrailingZeros()
        .toPlainString();
  }

  /** {@code m:ss}, or {@code h:mm:ss} from an hour on. */
  public static String clock(Duration d) {
    long s = Math.max(0, d.toSeconds());
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
