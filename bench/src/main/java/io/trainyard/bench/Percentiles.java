package io.trainyard.bench;

import java.util.Arrays;
import java.util.List;

/** Nearest-rank percentiles of a set of measurements, in microseconds. */
record Percentiles(long[] sortedMicros) {

  static Percentiles of(long[] micros) {
    long[] copy = micros.clone();
    Arrays.sort(copy);
    return new Percentiles(copy);
  }

  /** The middle of a few whole-run figures (seconds), NaN ones left out. */
  static double median(List<Double> values) {
    List<Double> sorted = values.stream().filter(v -> !v.isNaN()).sorted().toList();
    int n = sorted.size();
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  double millis(double percentile) {
    int rank = (int) Math.ceil(percentile / 100.0 * sortedMicros.length);
    return sortedMicros[Math.max(0, rank - 1)] / 1000.0;
  }

  String summary() {
    return String.format(
        "n=%d p50=%.2f ms p90=%.2f ms p99=%.2f ms max=%.2f ms",
        sortedMicros.length, millis(50), millis(90), millis(99), millis(100));
  }
}
