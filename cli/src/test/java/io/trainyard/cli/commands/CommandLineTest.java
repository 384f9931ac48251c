package io.trainyard.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trainyard.cli.Cli;
import io.trainyard.cli.CliException;
import io.trainyard.cli.ExitCode;
import io.trainyard.cli.Main;
import io.trainyard.cli.TestContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CommandLineTest {

  @TempDir Path home;

  private Cli cli() {
    return new Cli(new TestContext(home, Map.of(), "").context);
  }

  private static Object command(CommandLine.ParseResult parsed) {
    CommandLine.ParseResult leaf = parsed;
    while (leaf.hasSubcommand()) {
      leaf = leaf.subcommand();
    }
    return leaf.commandSpec().userObject();
  }

  @Test
  void aTemplateSubmissionBecomesTheApisJobWithTypedHyperparameters() {
    CommandLine line = Main.commandLine(cli());
    var submit =
        (JobCommands.Submit)
            command(
                line.parseArgs(
                    "job",
                    "submit",
                    "--env",
                    "lab",
                    "--template",
                    "digits-mlp",
                    "--hp",
                    "epochs=10",
                    "--hp",
                    "learningRate=0.001",
                    "--hp",
                    "optimizer=adam",
                    "--hp",
                    "hidden=[64,32]",
                    "--workers",
                    "2",
                    "--follow"));

    assertThat(submit.follow).isTrue();
    assertThat(submit.spec.body())
        .isEqualTo(
            Map.of(
                "environment",
                "lab",
                "template",
                "digits-mlp",
                "workers",
                2,
                "hyperparameters",
                Map.of(
                    "epochs",
                    10,
                    "learningRate",
                    0.001,
                    "optimizer",
                    "adam",
                    "hidden",
                    List.of(64, 32))));
  }

  @Test
  void ownCodeAndDataAreFilesBesideTheSpec() {
    var submit =
        (JobCommands.Submit)
            command(
                Main.commandLine(cli())
                    .parseArgs(
                        "job",
                        "submit",
                        "-e",
                        "lab",
                        "--code",
                        "model.py",
                        "--data",
                        "houses.csv"));

    assertThat(submit.spec.code).isEqualTo(Path.of("model.py"));
    assertThat(submit.spec.data).isEqualTo(Path.of("houses.csv"));
    assertThat(submit.spec.body()).isEqualTo(Map.of("environment", "lab", "workers", 1));
  }

  @Test
  void outputJsonIsTakenOnEveryCommandBeforeOrAfterItsName() {
    Cli after = cli();
    Main.commandLine(after).parseArgs("env", "list", "--output", "json");
    assertThat(after.json()).isTrue();

    Cli before = cli();
    Main.commandLine(before).parseArgs("-o", "json", "model", "versions", "m");
    assertThat(before.json()).isTrue();

    Cli neither = cli();
    Main.commandLine(neither).parseArgs("job", "list");
    assertThat(neither.json()).isFalse();
  }

  @Test
  void aSweepsSpaceAndEarlyStoppingReadAsTheApisShapes() {
    assertThat(
            Arguments.space(
                List.of(
                    "learningRate=logUniform:0.0001,0.1",
                    "hidden=choice:32,64",
                    "epochs=int:2,8",
                    "dropout={\"uniform\":[0.1,0.5]}")))
        .isEqualTo(
            Map.of(
                "learningRate", Map.of("logUniform", List.of(0.0001, 0.1)),
                "hidden", Map.of("choice", List.of(32, 64)),
                "epochs", Map.of("int", List.of(2, 8)),
                "dropout", Map.of("uniform", List.of(0.1, 0.5))));
  }

  @Test
  void aMalformedPairIsAUsageErrorNamingTheOption() {
    assertThatThrownBy(() -> Arguments.keyValues("--hp", List.of("epochs")))
        .isInstanceOf(CliException.class)
        .hasMessage("--hp takes NAME=VALUE, was 'epochs'")
        .extracting(e -> ((CliException) e).exitCode())
        .isEqualTo(ExitCode.USAGE);
    assertThatThrownBy(() -> Arguments.space(List.of("lr=0.1")))
        .hasMessageContaining("write KIND:VALUES");
  }

  @Test
  void everyCommandsHelpHasAnExampleAndTheTopHelpListsThemAll() {
    CommandLine root = Main.commandLine(cli());
    String top = root.getUsageMessage();
    for (String name :
        List.of("login", "logout", "whoami", "env", "job", "model", "sweep", "templates")) {
      assertThat(top).contains("  " + name + " ");
    }
    List<CommandLine> all = new java.util.ArrayList<>();
    collect(root, all);
    assertThat(all).hasSizeGreaterThan(25);
    for (CommandLine c : all) {
      if (c.getCommandName().equals("help") || c == root) {
        continue;
      }
      assertThat(c.getUsageMessage())
          .as(c.getCommandSpec().qualifiedName())
          .contains("./trainyard ");
    }
  }

  private static void collect(CommandLine line, List<CommandLine> all) {
    all.add(line);
    line.getSubcommands().values().forEach(c -> collect(c, all));
  }

  @Test
  void aCommandWithoutALoginSaysHowToLogInAndExitsRefused() {
    TestContext t = new TestContext(home, Map.of(), "");
    assertThat(t.run("job", "list")).isEqualTo(ExitCode.REFUSED);
    assertThat(t.err.toString())
        .isEqualTo("trainyard: not logged in: run ./trainyard login (or set TRAINYARD_TOKEN)\n");
  }

  @Test
  void aWrongOptionIsAUsageErrorWithTheCommandsUsage() {
    TestContext t = new TestContext(home, Map.of(), "");
    assertThat(t.run("job", "submit", "--template", "digits-mlp")).isEqualTo(ExitCode.USAGE);
    assertThat(t.err.toString())
        .contains("Missing required option: '--env=<environment>'")
        .contains("Usage: trainyard job submit");
  }

  @Test
  void nothingAnswersIsSaidInWordsAndExitsUnavailable() {
    TestContext t =
        new TestContext(
            home, Map.of("TRAINYARD_URL", "http://127.0.0.1:9", "TRAINYARD_TOKEN", "ty_x"), "");
    assertThat(t.run("env", "list")).isEqualTo(ExitCode.UNAVAILABLE);
    assertThat(t.err.toString())
        .startsWith("trainyard: cannot reach Trainyard at http://127.0.0.1:9: ")
        .doesNotContain("Exception");
  }
}
