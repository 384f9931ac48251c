package io.trainyard.cli.commands;

import io.trainyard.cli.Cli;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

@Command(
    name = "trainyard",
    mixinStandardHelpOptions = true,
    scope = ScopeType.INHERIT,
    version = "trainyard 0.1.0",
    description = "Train PyTorch models on your own Ray cluster, from a terminal or a script.",
    subcommands = {
      AuthCommands.Login.class,
      AuthCommands.Logout.class,
      AuthCommands.Whoami.class,
      EnvCommands.class,
      JobCommands.class,
      ModelCommands.class,
      SweepCommands.class,
      TemplatesCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Examples:",
      "  ./trainyard login --username ada",
      "  ./trainyard env create lab --workers 2 --wait",
      "  ./trainyard job submit --env lab --template digits-mlp --hp epochs=10 --follow",
      "  ./trainyard job submit --env lab --code model.py --data houses.csv --follow",
      "  ./trainyard job list --status RUNNING",
      "  ./trainyard job logs JOB --follow",
      "  ./trainyard model predict digits-mlp-ada --input x.json",
      "  ./trainyard sweep start --env lab --template digits-mlp --trials 12 --asha \\",
      "      --space learningRate=logUniform:0.0001,0.1 --follow",
      "  ./trainyard templates",
      "  ./trainyard job list --output json | jq '.items[].status'",
      "",
      "TRAINYARD_URL and TRAINYARD_TOKEN override what login stored.",
      "Exit status: 0 done, 1 a job, sweep or environment ended badly, 2 wrong usage,",
      "3 refused by the API, 4 platform unreachable, 130 stopped watching."
    })
public final class Root implements Runnable {

  private final Cli cli;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public Root(Cli cli) {
    this.cli = cli;
  }

  @Option(
      names = {"-o", "--output"},
      scope = ScopeType.INHERIT,
      paramLabel = "FORMAT",
      description = "human (tables, the default) or json (the API's answer, for scripts)")
  void output(Cli.Output output) {
    cli.output(output);
  }

  @Override
  public void run() {
    spec.commandLine().usage(cli.context().out());
  }
}
