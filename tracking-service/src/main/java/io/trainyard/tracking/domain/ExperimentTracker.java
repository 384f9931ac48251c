package io.trainyard.tracking.domain;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The experiment tracker (MLflow). Every call is idempotent and may be repeated after a crash. */
public interface ExperimentTracker {

  /** The owner's experiment, created if missing; concurrent first calls end in one experiment. */
  String ensureExperiment(String owner);

  /** The job's run, found by its job id tag or created with the spec's tags and params. */
  TrackedRun ensureRun(String experimentId, RunSpec spec);

  void logMetrics(String runId, List<MetricPoint> points);

  void setTags(String runId, Map<String, String> tags);

  void setStatus(String runId, RunStatus status, long endTimeMillis);

  /** The last value logged of a metric of a run (by time). */
  Optional<Double> latestMetric(String runId, String key);

  /**
   * The highest step logged so far for a metric, and whether a point at {@code timestamp} exists.
   */
  MetricHistory history(String runId, String key, long timestampMillis);

  Optional<String> tag(String runId, String key);

  RunStatus status(String runId);

  record MetricHistory(long maxStep, boolean hasPointAt) {}
}
