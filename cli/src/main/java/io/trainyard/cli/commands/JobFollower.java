package io.trainyard.cli.commands;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.cli.Cli;
import io.trainyard.cli.CliException;
import io.trainyard.cli.ExitCode;
import io.trainyard.cli.http.Api;
import io.trainyard.cli.http.Events;
import io.trainyard.cli.render.JobWatch;
import io.trainyard.cli.render.ProgressBar;
import io.trainyard.cli.render.Screen;
import io.trainyard.contracts.TrainyardEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches one job to its end from its event stream: a bar per attempt, then the final metrics, the
 * MLflow run and the registered model. Ctrl-C asks whether to cancel the job or only stop watching.
 */
final class JobFollower {

  /** How long after success to wait to hear of the model the job made. */
  static final Duration MODEL_WAIT = Duration.ofSeconds(60);

  private final Cli cli;
  private final Api api;
  private final String jobId;
  private final JobWatch watch;
  private final Screen screen;
  private volatile boolean cancelAsked;

  JobFollower(Cli cli, Api api, String jobId) {
    this.cli = cli;
    this.api = api;
    this.jobId = jobId;
    this.watch = new JobWatch(api.base() + "/mlflow", cli.style());
    this.screen = new Screen(cli.context().out(), cli.context().terminal());
  }

  int follow() {
    boolean human = !cli.json();
    Interrupts.onCtrlC(this::interrupted);
    ScheduledExecutorService ticker = Api.daemon("progress-ticker");
    if (human && cli.context().terminal()) {
      ticker.scheduleAtFixedRate(
          () -> redraw().ifPresent(screen::progress), 1, 1, TimeUnit.SECONDS);
    }
    Instant[] modelDeadline = {null};
    try {
      api.follow(
          "/api/jobs/" + jobId + "/events",
          0,
          sse -> {
            Optional<TrainyardEvent> event = Events.decode(sse);
            List<JobWatch.Update> updates;
            synchronized (watch) {
              updates = event.map(e -> watch.on(e, Instant.now())).orElse(List.of());
            }
            if (human) {
              screen.show(updates);
            }
            if (watch.done()) {
              return false;
            }
            if (watch.awaitingModel()) {
              if (modelDeadline[0] == null) {
                modelDeadline[0] = Instant.now().plus(MODEL_WAIT);
              } else if (Instant.now().isAfter(modelDeadline[0])) {
                return false;
              }
            }
            return true;
          });
    } finally {
      ticker.shutdownNow();
    }
    JsonNode job = api.get("/api/jobs/" + jobId);
    if (human) {
      screen.line(summary(job));
    } else {
      cli.printJson(job);
    }
    JobWatch.Outcome outcome = watch.outcome().orElseThrow();
    if (outcome != JobWatch.Outcome.SUCCEEDED) {
      throw new CliException(
          ExitCode.ENDED_BADLY,
          "job "
              + jobId
              + " "
              + outcome.name().toLowerCase(java.util.Locale.ROOT)
              + (watch.reason() == null ? "" : ": " + watch.reason()));
    }
    return ExitCode.OK;
  }

  private Optional<String> redraw() {
    synchronized (watch) {
      return watch.redraw(Instant.now());
    }
  }

  /** The end of a watch: how it ended, its final metrics, its run and its model. */
  String summary(JsonNode job) {
    StringBuilder s = new StringBuilder();
    s.append('\n')
        .append("job         ")
        .append(job.path("id").asText())
        .append(' ')
        .append(cli.style().status(job.path("status").asText()))
        .append('\n');
    if (job.path("metrics").size() > 0) {
      Map<String, Double> metrics =
          Api.JSON.convertValue(job.path("metrics"), new TypeReference<Map<String, Double>>() {});
      s.append("metrics     ")
          .append(ProgressBar.metrics(metrics, Integer.MAX_VALUE).substring(2))
          .append('\n');
    }
    if (job.hasNonNull("mlflowRunUrl")) {
      s.append("MLflow run  ")
          .append(api.base())
          .append(job.path("mlflowRunUrl").asText())
          .append('\n');
    }
    if (job.hasNonNull("model")) {
      s.append("model       ")
          .append(job.path("model").path("name").asText())
          .append(" version ")
          .append(job.path("model").path("version").asInt())
          .append('\n');
    }
    if (job.hasNonNull("reason") && !job.path("status").asText().equals("SUCCEEDED")) {
      s.append("reason      ").append(job.path("reason").asText()).append('\n');
    }
    return s.toString().stripTrailing();
  }

  /** Asked on a terminal; elsewhere Ctrl-C only stops watching. A second Ctrl-C always does. */
  private void interrupted() {
    if (cancelAsked || System.console() == null) {
      stopWatching();
    }
    screen.pause();
    String answer = System.console().readLine("Cancel job %s too? [y/N] ", jobId);
    if (answer != null && answer.strip().toLowerCase(java.util.Locale.ROOT).startsWith("y")) {
      cancelAsked = true;
      try {
        api.post("/api/jobs/" + jobId + "/cancel", java.util.Map.of());
        screen.resume();
        screen.line("cancel requested; watching it stop (Ctrl-C again only stops watching)");
      } catch (CliException e) {
        screen.resume();
        screen.line("could not cancel: " + e.getMessage());
      }
    } else {
      stopWatching();
    }
  }

  private void stopWatching() {
    cli.note(
        "\nstopped watching; job " + jobId + " goes on (./trainyard job follow " + jobId + ")");
    System.exit(ExitCode.INTERRUPTED);
  }
}
