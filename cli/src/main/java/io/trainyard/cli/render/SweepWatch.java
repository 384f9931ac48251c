package io.trainyard.cli.render;

import io.trainyard.contracts.TrainyardEvent;
import io.trainyard.contracts.job.JobEvent;
import io.trainyard.contracts.job.JobFailed;
import io.trainyard.contracts.job.JobPaused;
import io.trainyard.contracts.job.JobProgressed;
import io.trainyard.contracts.job.JobSucceeded;
import io.trainyard.contracts.sweep.SweepCompleted;
import io.trainyard.contracts.sweep.SweepRejected;
import io.trainyard.contracts.sweep.TrialPromoted;
import io.trainyard.contracts.sweep.TrialStarted;
import io.trainyard.contracts.sweep.TrialStopped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A sweep's stream as lines: each trial as it starts (with its hyperparameters), its epochs, how it
 * ended, and the sweep's end with its best trial. Pure, like {@link JobWatch}.
 */
public final class SweepWatch {

  private final Style style;
  private final Map<String, Integer> trialOfJob = new HashMap<>();
  private String status;
  private String reason;

  public SweepWatch(Style style) {
    this.style = style;
  }

  public List<String> on(TrainyardEvent event) {
    if (event instanceof TrialStarted t) {
      trialOfJob.put(t.jobId(), t.trial());
      return List.of(
          "trial "
              + t.trial()
              + " started   "
              + values(t.hyperparameters())
              + style.dim("  (job " + t.jobId() + ")"));
    }
    if (event instanceof TrialPromoted t) {
      return List.of(style.green("trial " + t.trial() + " promoted") + "   " + t.reason());
    }
    if (event instanceof TrialStopped t) {
      return List.of(style.yellow("trial " + t.trial() + " stopped") + "   " + t.reason());
    }
    if (event instanceof SweepRejected r) {
      status = "REJECTED";
      reason = (r.field() == null ? "" : r.field() + ": ") + r.reason();
      return List.of(style.red("rejected: ") + reason);
    }
    if (event instanceof SweepCompleted c) {
      status = c.status().toUpperCase(java.util.Locale.ROOT);
      reason = c.reason();
      String best =
          c.bestTrial() == null
              ? ""
              : "   best: trial "
                  + c.bestTrial()
                  + " "
                  + ProgressBar.number(c.bestMetric())
                  + "  "
                  + values(c.bestHyperparameters());
      return List.of(
          style.status(c.status()) + (c.reason() == null ? "" : ": " + c.reason()) + best);
    }
    if (event instanceof JobEvent j && trialOfJob.containsKey(j.jobId())) {
      int trial = trialOfJob.get(j.jobId());
      if (event instanceof JobProgressed p) {
        return List.of(
            "trial "
                + trial
                + " epoch "
                + p.epoch()
                + "/"
                + p.epochs()
                + ProgressBar.metrics(p.metrics(), Integer.MAX_VALUE));
      }
      if (event instanceof JobPaused p) {
        return List.of(
            "trial "
                + trial
                + " paused after epoch "
                + p.epoch()
                + "/"
                + p.epochs()
                + " at its rung");
      }
      if (event instanceof JobSucceeded s) {
        return List.of(
            style.green("trial " + trial + " succeeded")
                + ProgressBar.metrics(s.metrics(), Integer.MAX_VALUE));
      }
      if (event instanceof JobFailed f && !f.retriable()) {
        return List.of(style.red("trial " + trial + " failed: ") + f.reason());
      }
    }
    return List.of();
  }

  /** SUCCEEDED, FAILED, CANCELLED or REJECTED once the sweep has ended. */
  public Optional<String> status() {
    return Optional.ofNullable(status);
  }

  public String reason() {
    return reason;
  }

  static String values(Map<String, Object> values) {
    StringBuilder s = new StringBuilder();
    new TreeMap<>(values)
        .forEach(
            (k, v) ->
                s.append(s.length() == 0 ? "" : " ")
                    .append(k)
                    .append('=')
                    .append(v instanceof Double d ? ProgressBar.number(d) : String.valueOf(v)));
    return s.toString();
  }
}
