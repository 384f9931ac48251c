package io.trainyard.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.cli.Cli;
import io.trainyard.cli.ExitCode;
import io.trainyard.cli.render.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "templates",
    description = "The built-in models, their metric and their hyperparameters with defaults.",
    footer = {"", "Example:", "  ./trainyard templates"})
final class TemplatesCommand implements Callable<Integer> {

  private final Cli cli;

  TemplatesCommand(Cli cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() {
    JsonNode all = cli.api().get("/api/templates");
    Table table = new Table("TEMPLATE", "METRIC", "HYPERPARAMETERS (default)", "TITLE");
    for (JsonNode t : all) {
      List<String> hps = new ArrayList<>();
      t.path("hyperparameters")
          .path("properties")
          .fields()
          .forEachRemaining(
              p -> hps.add(p.getKey() + "=" + p.getValue().path("default").asText("?")));
      table.row(
          t.path("id").asText(),
          t.path("primaryMetric").asText() + " (" + t.path("direction").asText() + ")",
          String.join(" ", hps),
          t.path("title").asText());
    }
    cli.print(all, table.render());
    return ExitCode.OK;
  }
}
