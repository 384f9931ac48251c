package io.trainyard.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.cli.Cli;
import io.trainyard.cli.CliException;
import io.trainyard.cli.ExitCode;
import io.trainyard.cli.http.Api;
import io.trainyard.cli.http.ApiProblem;
import io.trainyard.cli.render.Style;
import io.trainyard.cli.render.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "env",
    description = "Your Ray clusters: create, list, get, resize, delete.",
    subcommands = {
      EnvCommands.Create.class,
      EnvCommands.ListEnvs.class,
      EnvCommands.Get.class,
      EnvCommands.Resize.class,
      EnvCommands.Delete.class
    },
    footer = {
      "",
      "Examples:",
      "  ./trainyard env create lab --workers 2 --wait",
      "  ./trainyard env list",
      "  ./trainyard env resize lab --workers 3 --wait",
      "  ./trainyard env delete lab --wait"
    })
final class EnvCommands {

  static final Duration POLL = Duration.ofMillis(500);

  /** How long --wait waits by default: a cold cluster on a small machine takes a minute or more. */
  static final String WAIT_DEFAULT = "600";

  static class Size {
    @Option(names = "--workers", description = "worker nodes (default 1)")
    Integer workers;

    @Option(names = "--cpu", description = "CPUs per worker (default 1)")
    Double workerCpu;

    @Option(names = "--memory", description = "GiB of memory per worker (default 2)")
    Double workerMemoryGi;

    @Option(names = "--gpus", description = "GPUs per worker (default 0)")
    Integer gpusPerWorker;

    /**
     * The request for this size: what is not given stays as {@code now} has it (defaults for a new
     * one).
     */
    Map<String, Object> request(String name, JsonNode now) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", name);
      body.put("workers", or(workers, now == null ? 1 : now.path("workers").asInt()));
      body.put("workerCpu", or(workerCpu, now == null ? 1.0 : now.path("workerCpu").asDouble()));
      body.put(
          "workerMemoryGi",
          or(workerMemoryGi, now == null ? 2.0 : now.path("workerMemoryGi").asDouble()));
      body.put(
          "gpusPerWorker", or(gpusPerWorker, now == null ? 0 : now.path("gpusPerWorker").asInt()));
      return body;
    }
  }

  static class Waiting {
    @Option(
        names = "--wait",
        description = "wait until it is ready, showing its status and why it is not yet")
    boolean wait;

    @Option(
        names = "--timeout",
        defaultValue = WAIT_DEFAULT,
        description = "seconds --wait waits (default ${DEFAULT-VALUE})")
    long timeoutSeconds;
  }

  @Command(
      name = "create",
      description = "Create an environment (a Ray cluster of your own).",
      footer = {
        "",
        "Example:",
        "  ./trainyard env create lab --workers 2 --cpu 1 --memory 2 --wait"
      })
  static final class Create implements Callable<Integer> {
    private final Cli cli;

    @Parameters(paramLabel = "NAME")
    String name;

    @picocli.CommandLine.Mixin Size size = new Size();

    @picocli.CommandLine.Mixin Waiting waiting = new Waiting();

    Create(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      Api api = cli.api();
      Map<String, Object> body = size.request(name, null);
      JsonNode created = api.post("/api/environments", body);
      return waiting.wait
          ? await(cli, api, name, e -> true, waiting.timeoutSeconds)
          : shown(cli, created, "Requested environment " + name + "\n");
    }
  }

  @Command(
      name = "list",
      description = "Your environments.",
      footer = {"", "Example:", "  ./trainyard env list"})
  static final class ListEnvs implements Callable<Integer> {
    private final Cli cli;

    ListEnvs(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      JsonNode all = cli.api().get("/api/environments");
      Style style = cli.style();
      Table table = new Table("NAME", "STATUS", "WORKERS", "CPU", "MEMORY", "GPUS", "REASON");
      for (JsonNode e : all) {
        table.row(
            e.path("name").asText(),
            style.status(e.path("status").asText()),
            e.path("workers").asInt(),
            e.path("workerCpu").asDouble(),
            e.path("workerMemoryGi").asDouble() + " Gi",
            e.path("gpusPerWorker").asInt(),
            e.path("reason").isNull() ? null : e.path("reason").asText());
      }
      cli.print(
          all,
          all.isEmpty() ? "No environments: ./trainyard env create NAME --wait\n" : table.render());
      return ExitCode.OK;
    }
  }

  @Command(
      name = "get",
      description = "One environment.",
      footer = {"", "Example:", "  ./trainyard env get lab"})
  static final class Get implements Callable<Integer> {
    private final Cli cli;

    @Parameters(paramLabel = "NAME")
    String name;

    Get(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      JsonNode e = cli.api().get("/api/environments/" + name);
      return shown(cli, e, describe(cli, e));
    }
  }

  @Command(
      name = "resize",
      description = "Change an environment's workers (or their size); what is not given stays.",
      footer = {"", "Example:", "  ./trainyard env resize lab --workers 3 --wait"})
  static final class Resize implements Callable<Integer> {
    private final Cli cli;

    @Parameters(paramLabel = "NAME")
    String name;

    @picocli.CommandLine.Mixin Size size = new Size();

    @picocli.CommandLine.Mixin Waiting waiting = new Waiting();

    Resize(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      Api api = cli.api();
      JsonNode now = api.get("/api/environments/" + name);
      Map<String, Object> body = size.request(name, now);
      JsonNode asked = api.post("/api/environments", body);
      int workers = (Integer) body.get("workers");
      return waiting.wait
          ? await(cli, api, name, e -> e.path("workers").asInt() == workers, waiting.timeoutSeconds)
          : shown(cli, asked, "Resizing environment " + name + " to " + workers + " workers\n");
    }
  }

  @Command(
      name = "delete",
      description = "Delete an environment and everything running on it.",
      footer = {"", "Example:", "  ./trainyard env delete lab --wait"})
  static final class Delete implements Callable<Integer> {
    private final Cli cli;

    @Parameters(paramLabel = "NAME")
    String name;

    @picocli.CommandLine.Mixin Waiting waiting = new Waiting();

    Delete(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() throws InterruptedException {
      Api api = cli.api();
      api.delete("/api/environments/" + name);
      if (waiting.wait) {
        Instant deadline = Instant.now().plusSeconds(waiting.timeoutSeconds);
        while (true) {
          try {
            api.get("/api/environments/" + name);
          } catch (ApiProblem p) {
            if (p.status() == 404) {
              break;
            }
            throw p;
          }
          if (Instant.now().isAfter(deadline)) {
            throw new CliException(
                ExitCode.ENDED_BADLY,
                name + " still exists after " + waiting.timeoutSeconds + " s");
          }
          Thread.sleep(POLL.toMillis());
        }
      }
      cli.print(
          Api.JSON.createObjectNode().put("name", name).put("deleted", waiting.wait),
          (waiting.wait ? "Deleted " : "Deleting ") + "environment " + name + "\n");
      return ExitCode.OK;
    }
  }

  /**
   * Polls until the environment is READY (and {@code done} holds of it), saying each status and
   * reason it passes through; one that fails or is rejected ends the command with its reason.
   */
  static int await(Cli cli, Api api, String name, Predicate<JsonNode> done, long timeoutSeconds) {
    Instant started = Instant.now();
    Instant deadline = started.plusSeconds(timeoutSeconds);
    String said = null;
    while (true) {
      JsonNode e = api.get("/api/environments/" + name);
      String status = e.path("status").asText();
      String reason = e.path("reason").isNull() ? null : e.path("reason").asText(null);
      String line = status + (reason == null ? "" : ": " + reason);
      if (!Objects.equals(line, said) && !cli.json()) {
        long s = Duration.between(started, Instant.now()).toSeconds();
        cli.context()
            .out()
            .println(
                String.format(
                    "%4ds  %s  %s",
                    s, name, cli.style().status(status) + (reason == null ? "" : ": " + reason)));
        cli.context().out().flush();
        said = line;
      }
      if (status.equals("READY") && done.test(e)) {
        return shown(cli, e, describe(cli, e));
      }
      if (status.equals("FAILED") || status.equals("REJECTED")) {
        if (cli.json()) {
          cli.printJson(e);
        }
        throw new CliException(
            ExitCode.ENDED_BADLY, name + " is " + status + (reason == null ? "" : ": " + reason));
      }
      if (Instant.now().isAfter(deadline)) {
        throw new CliException(
            ExitCode.ENDED_BADLY, name + " is not ready after " + timeoutSeconds + " s: " + line);
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new CliException(ExitCode.INTERRUPTED, "interrupted");
      }
    }
  }

  static String describe(Cli cli, JsonNode e) {
    StringBuilder s = new StringBuilder();
    s.append("name        ").append(e.path("name").asText()).append('\n');
    s.append("status      ").append(cli.style().status(e.path("status").asText())).append('\n');
    if (!e.path("reason").isNull() && e.has("reason")) {
      s.append("reason      ").append(e.path("reason").asText()).append('\n');
    }
    s.append("workers     ")
        .append(e.path("workers").asInt())
        .append(" × ")
        .append(e.path("workerCpu").asDouble())
        .append(" CPU, ")
        .append(e.path("workerMemoryGi").asDouble())
        .append(" Gi")
        .append(
            e.path("gpusPerWorker").asInt() > 0
                ? ", " + e.path("gpusPerWorker").asInt() + " GPU"
                : "")
        .append('\n');
    if (e.hasNonNull("dashboardUrl")) {
      s.append("dashboard   ")
          .append(cli.config().url())
          .append(e.path("dashboardUrl").asText())
          .append('\n');
    }
    return s.toString();
  }

  static int shown(Cli cli, JsonNode json, String human) {
    cli.print(json, human);
    return ExitCode.OK;
  }

  static <T> T or(T value, T otherwise) {
    return value != null ? value : otherwise;
  }
}
