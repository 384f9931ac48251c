package io.trainyard.bench;

import java.util.Arrays;

/** Nearest-rank percentiles of a set of measurements, in microseconds. */
record Percentiles(long[] sortedMicros) {

  static Percentiles of(long[] micros) {
    long[] copy = micros.clone();
    Arrays.sort(copy);
    return new Percentiles(copy);
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
