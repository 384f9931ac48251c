package io.trainyard.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.cli.Cli;
import io.trainyard.cli.CliException;
import io.trainyard.cli.ExitCode;
import io.trainyard.cli.http.Api;
import io.trainyard.cli.http.Events;
import io.trainyard.cli.render.ProgressBar;
import io.trainyard.cli.render.SweepWatch;
import io.trainyard.cli.render.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "sweep",
    description = "Hyperparameter searches, each trial a job: start, list, get, follow, cancel.",
    subcommands = {
      SweepCommands.Start.class,
      SweepCommands.ListSweeps.class,
      SweepCommands.Get.class,
      SweepCommands.Follow.class,
      SweepCommands.Cancel.class
    },
    footer = {
      "",
      "Examples:",
      "  ./trainyard sweep start --env lab --template digits-mlp --hp epochs=6 \\",
      "      --space learningRate=logUniform:0.0001,0.1 --space hidden=choice:32,64,128 \\",
      "      --method random --trials 12 --seed 7 --max-concurrent 2 --asha --follow",
      "  ./trainyard sweep get SWEEP",
      "  ./trainyard sweep follow SWEEP"
    })
final class SweepCommands {

  @Command(
      name = "start",
      description = "Start a search over a space of hyperparameters, each trial a job.",
      footer = {
        "",
        "A space entry is NAME=KIND:VALUES: choice:32,64,128  uniform:0.1,0.9",
        "logUniform:0.0001,0.1  int:2,8  (or the API's JSON: lr={\"uniform\":[0.1,0.9]}).",
        "",
        "Example:",
        "  ./trainyard sweep start --env lab --template digits-mlp \\",
        "      --space learningRate=logUniform:0.0001,0.1 --method random --trials 12 \\",
        "      --asha --asha-min-epochs 1 --asha-reduction-factor 3 --follow"
      })
  static final class Start implements Callable<Integer> {
    private final Cli cli;

    @picocli.CommandLine.Mixin JobCommands.Spec spec = new JobCommands.Spec();

    @Option(
        names = "--space",
        required = true,
        paramLabel = "NAME=KIND:VALUES",
        description = "a hyperparameter to search; repeat for more")
    List<String> space = new ArrayList<>();

    @Option(
        names = "--method",
        defaultValue = "random",
        description = "grid or random (default ${DEFAULT-VALUE})")
    String method;

    @Option(names = "--trials", description = "how many trials random draws")
    Integer trials;

    @Option(names = "--seed", description = "random's seed, for the same draws again")
    Long seed;

    @Option(names = "--max-concurrent", description = "trials running at once")
    Integer maxConcurrent;

    @Option(
        names = "--metric",
        description = "what to optimise (default: the template's primary metric)")
    String metric;

    @Option(names = "--direction", description = "max or min (default: the metric's)")
    String direction;

    @Option(
        names = "--asha",
        description = "stop weak trials early (asynchronous successive halving)")
    boolean asha;

    @Option(names = "--asha-min-epochs", description = "the first rung's epoch (with --asha)")
    Integer minEpochs;

    @Option(
        names = "--asha-reduction-factor",
        description = "η: a trial goes on only in the top 1/η at a rung (with --asha)")
    Integer reductionFactor;

    @Option(
        names = {"-f", "--follow"},
        description = "watch it to its end")
    boolean follow;

    Start(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      if (spec.template == null && spec.code == null) {
        throw Arguments.usage("give --template NAME, or your own --code FILE");
      }
      Map<String, Object> body = spec.body();
      body.put("space", Arguments.space(space));
      body.put("method", method);
      JobCommands.Spec.put(body, "trials", trials);
      JobCommands.Spec.put(body, "seed", seed);
      JobCommands.Spec.put(body, "maxConcurrent", maxConcurrent);
      JobCommands.Spec.put(body, "metric", metric);
      JobCommands.Spec.put(body, "direction", direction);
      if (asha) {
        Map<String, Object> rule = new LinkedHashMap<>();
        JobCommands.Spec.put(rule, "minEpochs", minEpochs);
        JobCommands.Spec.put(rule, "reductionFactor", reductionFactor);
        body.put("earlyStopping", Map.of("asha", rule));
      } else if (minEpochs != null || reductionFactor != null) {
        throw Arguments.usage("--asha-min-epochs and --asha-reduction-factor go with --asha");
      }
      Api api = cli.api();
      JsonNode sweep = spec.send(api, "/api/sweeps", body, Map.of());
      String id = sweep.path("id").asText();
      if (!follow) {
        cli.print(
            sweep,
            "Started sweep " + id + " (" + sweep.path("plannedTrials").asInt() + " trials)\n");
        return ExitCode.OK;
      }
      if (!cli.json()) {
        cli.context()
            .out()
            .println(
                "Started sweep " + id + " (" + sweep.path("plannedTrials").asInt() + " trials)");
      }
      return follow(cli, api, id);
    }
  }

  @Command(
      name = "list",
      description = "Your sweeps.",
      footer = {"", "Example:", "  ./trainyard sweep list"})
  static final class ListSweeps implements Callable<Integer> {
    private final Cli cli;

    ListSweeps(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      JsonNode all = cli.api().get("/api/sweeps");
      JsonNode items = all.isArray() ? all : all.path("items");
      Table table = new Table("ID", "STATUS", "ENV", "TEMPLATE", "TRIALS", "BEST", "CREATED");
      for (JsonNode s : items) {
        JsonNode best = s.path("best");
        table.row(
            s.path("id").asText(),
            cli.style().status(s.path("status").asText()),
            s.path("environment").asText(),
            s.path("template").asText(null),
            s.path("trialList").size() + "/" + s.path("plannedTrials").asInt(),
            best.isObject()
                ? s.path("metric").asText()
                    + " "
                    + ProgressBar.number(best.path("metric").asDouble())
                : null,
            io.trainyard.cli.render.When.of(
                s.path("createdAt").asText(), cli.context().clock().getZone()));
      }
      cli.print(all, items.isEmpty() ? "No sweeps\n" : table.render());
      return ExitCode.OK;
    }
  }

  @Command(
      name = "get",
      description = "A sweep and its trials, the best marked.",
      footer = {"", "Example:", "  ./trainyard sweep get SWEEP"})
  static final class Get implements Callable<Integer> {
    private final Cli cli;

    @Parameters(paramLabel = "SWEEP")
    String id;

    Get(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      Api api = cli.api();
      JsonNode s = api.get("/api/sweeps/" + id);
      cli.print(s, describe(cli, api, s));
      return ExitCode.OK;
    }
  }

  @Command(
      name = "follow",
      description = "Watch a sweep to its end.",
      footer = {"", "Example:", "  ./trainyard sweep follow SWEEP"})
  static final class Follow implements Callable<Integer> {
    private final Cli cli;

    @Parameters(paramLabel = "SWEEP")
    String id;

    Follow(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      Api api = cli.api();
      api.get("/api/sweeps/" + id);
      return follow(cli, api, id);
    }
  }

  @Command(
      name = "cancel",
      description = "Cancel a sweep and its running trials.",
      footer = {"", "Example:", "  ./trainyard sweep cancel SWEEP"})
  static final class Cancel implements Callable<Integer> {
    private final Cli cli;

    @Parameters(paramLabel = "SWEEP")
    String id;

    Cancel(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      JsonNode s = cli.api().post("/api/sweeps/" + id + "/cancel", Map.of());
      cli.print(s, "Cancel requested for sweep " + id + "\n");
      return ExitCode.OK;
    }
  }

  /** How long after the end to wait for the best model's registration to show. */
  static final Duration MODEL_WAIT = Duration.ofSeconds(60);

  static int follow(Cli cli, Api api, String id) {
    SweepWatch watch = new SweepWatch(cli.style());
    api.follow(
        "/api/sweeps/" + id + "/events",
        0,
        sse -> {
          Events.decode(sse)
              .ifPresent(
                  e -> {
                    for (String line : watch.on(e)) {
                      if (!cli.json()) {
                        cli.context().out().println(line);
                      }
                    }
                    cli.context().out().flush();
                  });
          return watch.status().isEmpty();
        });
    JsonNode sweep = api.get("/api/sweeps/" + id);
    Instant deadline = Instant.now().plus(MODEL_WAIT);
    while ("SUCCEEDED".equals(watch.status().get())
        && !sweep.hasNonNull("model")
        && Instant.now().isBefore(deadline)) {
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      sweep = api.get("/api/sweeps/" + id);
    }
    cli.print(sweep, "\n" + describe(cli, api, sweep));
    if (!"SUCCEEDED".equals(watch.status().get())) {
      throw new CliException(
          ExitCode.ENDED_BADLY,
          "sweep "
              + id
              + " "
              + watch.status().get().toLowerCase(java.util.Locale.ROOT)
              + (watch.reason() == null ? "" : ": " + watch.reason()));
    }
    return ExitCode.OK;
  }

  static String describe(Cli cli, Api api, JsonNode s) {
    StringBuilder out = new StringBuilder();
    out.append("sweep       ")
        .append(s.path("id").asText())
        .append(' ')
        .append(cli.style().status(s.path("status").asText()))
        .append('\n');
    out.append("search      ")
        .append(s.path("method").asText())
        .append(", ")
        .append(s.path("plannedTrials").asInt())
        .append(" trials, ")
        .append(s.path("maxConcurrent").asInt())
        .append(" at once")
        .append(s.path("asha").isObject() ? ", ASHA" : "")
        .append('\n');
    if (s.hasNonNull("reason")) {
      out.append("reason      ").append(s.path("reason").asText()).append('\n');
    }
    int best = s.path("best").isObject() ? s.path("best").path("trial").asInt() : -1;
    Table table =
        new Table(
            "",
            "TRIAL",
            "STATUS",
            "RUNG",
            s.path("metric").asText().toUpperCase(java.util.Locale.ROOT),
            "HYPERPARAMETERS");
    for (JsonNode t : s.path("trialList")) {
      table.row(
          t.path("number").asInt() == best ? "*" : "",
          t.path("number").asInt(),
          cli.style().status(t.path("status").asText()),
          t.hasNonNull("rung") ? t.path("rung").asInt() : null,
          t.hasNonNull("metric") ? ProgressBar.number(t.path("metric").asDouble()) : null,
          t.path("hyperparameters").toString());
    }
    out.append('\n').append(table.render()).append('\n');
    if (best >= 0) {
      out.append("best        trial ")
          .append(best)
          .append(", ")
          .append(s.path("metric").asText())
          .append(' ')
          .append(ProgressBar.number(s.path("best").path("metric").asDouble()))
          .append(s.path("best").path("settled").asBoolean() ? "" : " (so far)")
          .append('\n');
    }
    if (s.hasNonNull("mlflowParentRunUrl")) {
      out.append("MLflow run  ")
          .append(api.base())
          .append(s.path("mlflowParentRunUrl").asText())
          .append('\n');
    }
    if (s.hasNonNull("model")) {
      out.append("model       ")
          .append(s.path("model").path("name").asText())
          .append(" version ")
          .append(s.path("model").path("version").asInt())
          .append('\n');
    }
    return out.toString();
  }
}
