package io.trainyard.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.cli.Cli;
import io.trainyard.cli.CliException;
import io.trainyard.cli.ExitCode;
import io.trainyard.cli.http.Api;
import io.trainyard.cli.render.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "model",
    description = "Your registered models: list, versions, predict.",
    subcommands = {
      ModelCommands.ListModels.class,
      ModelCommands.Versions.class,
      ModelCommands.Predict.class
    },
    footer = {
      "",
      "Examples:",
      "  ./trainyard model list",
      "  ./trainyard model versions digits-mlp-ada",
      "  ./trainyard model predict digits-mlp-ada --input x.json"
    })
final class ModelCommands {

  @Command(
      name = "list",
      description = "Your models, with their aliases.",
      footer = {"", "Example:", "  ./trainyard model list"})
  static final class ListModels implements Callable<Integer> {
    private final Cli cli;

    ListModels(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      JsonNode models = cli.api().get("/api/models");
      Table table = new Table("NAME", "TEMPLATE", "LATEST", "VERSIONS", "ALIASES");
      for (JsonNode m : models) {
        table.row(
            m.path("name").asText(),
            m.path("template").asText(null),
            m.path("latestVersion").asInt(),
            m.path("versions").asInt(),
            aliases(m.path("aliases")));
      }
      cli.print(
          models,
          models.isEmpty()
              ? "No models yet: a job that succeeds registers its model\n"
              : table.render());
      return ExitCode.OK;
    }
  }

  @Command(
      name = "versions",
      description = "A model's versions, newest first.",
      footer = {"", "Example:", "  ./trainyard model versions digits-mlp-ada"})
  static final class Versions implements Callable<Integer> {
    private final Cli cli;

    @Parameters(paramLabel = "MODEL")
    String name;

    Versions(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      JsonNode versions = cli.api().get("/api/models/" + JobCommands.encode(name) + "/versions");
      Table table = new Table("VERSION", "ALIASES", "JOB", "METRICS", "CREATED");
      for (JsonNode v : versions) {
        List<String> aliases = new ArrayList<>();
        v.path("aliases").forEach(a -> aliases.add(a.asText()));
        table.row(
            v.path("version").asInt(),
            aliases.isEmpty() ? null : String.join(",", aliases),
            v.path("jobId").asText(),
            JobCommands.metrics(v.path("metrics")),
            io.trainyard.cli.render.When.of(
                v.path("createdAt").asText(), cli.context().clock().getZone()));
      }
      cli.print(versions, table.render());
      return ExitCode.OK;
    }
  }

  @Command(
      name = "predict",
      description = "Ask a model version for predictions; the input is the JSON the model takes.",
      footer = {
        "",
        "Examples:",
        "  ./trainyard model predict digits-mlp-ada --input x.json    (champion, else latest)",
        "  ./trainyard model predict digits-mlp-ada --version 3 --input x.json",
        "  echo '{\"inputs\": [[0, 1, ...]]}' | ./trainyard model predict digits-mlp-ada --input -"
      })
  static final class Predict implements Callable<Integer> {
    private final Cli cli;

    @Parameters(paramLabel = "MODEL")
    String name;

    @Option(
        names = "--version",
        description = "a version number or @alias (default: the champion, else the latest)")
    String version;

    @Option(
        names = "--input",
        required = true,
        paramLabel = "FILE",
        description = "the JSON input; - reads stdin")
    String input;

    Predict(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() throws IOException {
      String body = input.equals("-") ? read(cli) : read(Path.of(input));
      try {
        Api.JSON.readTree(body);
      } catch (IOException e) {
        throw Arguments.usage("--input " + input + " is not JSON: " + e.getMessage());
      }
      Api api = cli.api();
      String chosen = version != null ? version : Integer.toString(chosen(api));
      JsonNode answer =
          api.post(
              "/api/models/" + JobCommands.encode(name) + "/versions/" + chosen + "/predict",
              Api.JSON.readTree(body));
      cli.printJson(answer);
      return ExitCode.OK;
    }

    private int chosen(Api api) {
      JsonNode versions = api.get("/api/models/" + JobCommands.encode(name) + "/versions");
      for (JsonNode v : versions) {
        for (JsonNode alias : v.path("aliases")) {
          if (alias.asText().equals("champion")) {
            return v.path("version").asInt();
          }
        }
      }
      if (versions.isEmpty()) {
        throw new CliException(ExitCode.REFUSED, "model '" + name + "' has no versions");
      }
      return versions.get(0).path("version").asInt();
    }

    private static String read(Path file) {
      try {
        return Files.readString(file);
      } catch (IOException e) {
        throw Arguments.usage("cannot read --input " + file + ": " + e.getMessage());
      }
    }

    private static String read(Cli cli) throws IOException {
      StringBuilder s = new StringBuilder();
      String line;
      while ((line = cli.context().in().readLine()) != null) {
        s.append(line).append('\n');
      }
      return s.toString();
    }
  }

  static String aliases(JsonNode aliases) {
    List<String> out = new ArrayList<>();
    aliases.fields().forEachRemaining(e -> out.add(e.getKey() + "=v" + e.getValue().asInt()));
    return out.isEmpty() ? null : String.join(",", out);
  }
}
