package io.trainyard.cli.render;

import io.trainyard.contracts.TrainyardEvent;
import io.trainyard.contracts.job.JobCancelRequested;
import io.trainyard.contracts.job.JobCancelled;
import io.trainyard.contracts.job.JobFailed;
import io.trainyard.contracts.job.JobPaused;
import io.trainyard.contracts.job.JobProgressed;
import io.trainyard.contracts.job.JobQueued;
import io.trainyard.contracts.job.JobRejected;
import io.trainyard.contracts.job.JobResumed;
import io.trainyard.contracts.job.JobStarted;
import io.trainyard.contracts.job.JobSucceeded;
import io.trainyard.contracts.sweep.TrialStopped;
import io.trainyard.contracts.tracking.ModelRegistered;
import io.trainyard.contracts.tracking.ModelRegistrationFailed;
import io.trainyard.contracts.tracking.RunCreated;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One job's events turned into what a person watching it reads: a line for each thing that
 * happened, and a progress bar per attempt that each new epoch redraws. Pure: the caller feeds
 * events with the time they arrived and prints what comes back.
 */
public final class JobWatch {

  /** {@code progress}: the attempt's bar, which the next bar replaces on a terminal. */
  public record Update(String text, boolean progress) {
    static Update line(String text) {
      return new Update(text, false);
    }
  }

  /** What the job came to, once it has. */
  public enum Outcome {
    SUCCEEDED,
    FAILED,
    CANCELLED,
    REJECTED
  }

  private final String mlflowBase;
  private final Style style;
  private int attempt;
  private Instant attemptStarted;
  private JobProgressed last;
  private boolean awaitingModel;
  private Outcome outcome;
  private String reason;

  /**
   * @param mlflowBase where the gateway serves MLflow's UI, for the run's link
   */
  public JobWatch(String mlflowBase, Style style) {
    this.mlflowBase = mlflowBase;
    this.style = style;
  }

  public List<Update> on(TrainyardEvent event, Instant now) {
    List<Update> out = new ArrayList<>();
    if (event instanceof JobQueued q) {
      out.add(
          Update.line(
              "queued on "
                  + q.environment()
                  + (q.position() > 0 ? " at position " + q.position() : "")));
    } else if (event instanceof JobStarted s) {
      attempt = s.attempt();
      attemptStarted = now;
      last = null;
      out.add(
          Update.line(
              "attempt "
                  + s.attempt()
                  + " started on "
                  + s.executor().name().toLowerCase(java.util.Locale.ROOT)));
    } else if (event instanceof JobProgressed p) {
      if (p.attempt() != attempt || attemptStarted == null) {
        attempt = p.attempt();
        attemptStarted = now;
      }
      boolean newEpoch = last == null || last.epoch() != p.epoch();
      last = p;
      if (newEpoch) {
        out.add(new Update(bar(now), true));
      }
    } else if (event instanceof JobFailed f) {
      out.add(
          Update.line(
              style.red("attempt " + f.attempt() + " failed: ")
                  + f.reason()
                  + (f.retriable() ? " (retried from its last checkpoint)" : "")));
      if (!f.retriable()) {
        outcome = Outcome.FAILED;
        reason = f.reason();
      }
    } else if (event instanceof JobPaused p) {
      out.add(Update.line(style.yellow("paused: ") + p.reason()));
    } else if (event instanceof JobResumed r) {
      out.add(Update.line("resumed: " + r.reason()));
    } else if (event instanceof TrialStopped t) {
      out.add(Update.line(style.yellow("stopped: ") + t.reason()));
    } else if (event instanceof JobCancelRequested) {
      out.add(Update.line("cancel requested"));
    } else if (event instanceof JobCancelled c) {
      outcome = Outcome.CANCELLED;
      reason = c.reason() == null ? "cancelled" : c.reason();
      out.add(Update.line(style.red("cancelled") + (c.reason() == null ? "" : ": " + c.reason())));
    } else if (event instanceof JobRejected r) {
      outcome = Outcome.REJECTED;
      reason = (r.field() == null ? "" : r.field() + ": ") + r.reason();
      out.add(Update.line(style.red("rejected: ") + reason));
    } else if (event instanceof JobSucceeded s) {
      outcome = Outcome.SUCCEEDED;
      awaitingModel = s.modelUri() != null;
      out.add(
          Update.line(
              style.green("succeeded") + ProgressBar.metrics(s.metrics(), Integer.MAX_VALUE)));
    } else if (event instanceof RunCreated r) {
      out.add(
          Update.line(
              "MLflow run  "
                  + mlflowBase
                  + "/#/experiments/"
                  + r.experimentId()
                  + "/runs/"
                  + r.runId()));
    } else if (event instanceof ModelRegistered m) {
      awaitingModel = false;
      out.add(
          Update.line(
              "model       "
                  + m.name()
                  + " version "
                  + m.version()
                  + (m.aliases().isEmpty() ? "" : " (" + String.join(", ", m.aliases()) + ")")));
    } else if (event instanceof ModelRegistrationFailed m) {
      awaitingModel = false;
      out.add(Update.line(style.yellow("model not registered: ") + m.reason()));
    }
    return out;
  }

  /** The bar again with the time now, for a terminal that redraws it every second. */
  public Optional<String> redraw(Instant now) {
    return last == null || outcome != null ? Optional.empty() : Optional.of(bar(now));
  }

  public Optional<Outcome> outcome() {
    return Optional.ofNullable(outcome);
  }

  public String reason() {
    return reason;
  }

  /** Done watching: ended, and the registered model (if the job made one) is known. */
  public boolean done() {
    return outcome != null && !awaitingModel;
  }

  /** Ended, still waiting to hear of the model: a caller may stop waiting after a while. */
  public boolean awaitingModel() {
    return outcome != null && awaitingModel;
  }

  private String bar(Instant now) {
    return ProgressBar.render(
        attempt,
        last.epoch(),
        last.epochs(),
        last.metrics(),
        Duration.between(attemptStarted, now),
        style);
  }
}
