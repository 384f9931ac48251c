package io.trainyard.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When each named step of one run was first done, in seconds after the run began; and the median of
 * each over several runs, printed with its label.
 */
final class Milestones {

  private final long beganMillis;
  private final Map<String, Double> at = new HashMap<>();

  Milestones(long beganMillis) {
    this.beganMillis = beganMillis;
  }

  /** Marks {@code step} done now, unless it was already. */
  void mark(String step) {
    at(step, System.currentTimeMillis());
  }

  /**
   * Marks {@code step} done at {@code epochMillis} (an event's own time), unless it was already.
   */
  void at(String step, long epochMillis) {
    at.putIfAbsent(step, (epochMillis - beganMillis) / 1000.0);
  }

  boolean seen(String step) {
    return at.containsKey(step);
  }

  /** Seconds after the run began; NaN when never seen. */
  double at(String step) {
    return at.getOrDefault(step, Double.NaN);
  }

  double elapsed() {
    return (System.currentTimeMillis() - beganMillis) / 1000.0;
  }

  /** One line per step, in the labels' order, with the median over {@code runs}. */
  static void printMedians(List<Milestones> runs, Map<String, String> labels) {
    labels.forEach(
        (step, label) ->
            System.out.printf(
                "    %-46s %6.2f%n",
                label, Percentiles.median(runs.stream().map(m -> m.at(step)).toList())));
  }

  String summary(Map<String, String> labels) {
    StringBuilder b = new StringBuilder();
    labels.keySet().forEach(step -> b.append(String.format("%s %.2f ", step, at(step))));
    return b.toString().strip();
  }
}
