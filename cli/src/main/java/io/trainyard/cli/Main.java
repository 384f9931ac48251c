package io.trainyard.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trainyard.cli.commands.Root;
import io.trainyard.cli.http.Api;
import io.trainyard.cli.http.ApiProblem;
import java.lang.reflect.Constructor;
import picocli.CommandLine;

/** {@code ./trainyard <noun> <verb>}: the exit status says how it went (see {@link ExitCode}). */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(Context.system(), args));
  }

  public static int run(Context context, String... args) {
    Cli cli = new Cli(context);
    CommandLine line = commandLine(cli);
    line.setOut(context.out());
    line.setErr(context.err());
    line.setExecutionExceptionHandler((e, command, parsed) -> fail(cli, e));
    return line.execute(args);
  }

  public static CommandLine commandLine(Cli cli) {
    CommandLine line = new CommandLine(new Root(cli), new Factory(cli));
    line.setCaseInsensitiveEnumValuesAllowed(true);
    line.setUsageHelpWidth(100);
    line.setUsageHelpAutoWidth(true);
    return line;
  }

  /**
   * The reason in words on stderr (and the problem document on stdout for scripts); never a stack
   * trace.
   */
  static int fail(Cli cli, Exception e) {
    if (e instanceof CliException c) {
      cli.note("trainyard: " + c.getMessage());
      c.lines().forEach(l -> cli.note("  " + l));
      if (cli.json()) {
        if (c instanceof ApiProblem p && p.body() != null) {
          cli.printJson(p.body());
        } else {
          ObjectNode error = Api.JSON.createObjectNode().put("error", c.getMessage());
          error
              .putArray("details")
              .addAll(
                  c.lines().stream()
                      .map(Api.JSON::valueToTree)
                      .map(com.fasterxml.jackson.databind.JsonNode.class::cast)
                      .toList());
          cli.printJson(error);
        }
      }
      return c.exitCode();
    }
    cli.note("trainyard: unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
    if (cli.context().variable("TRAINYARD_DEBUG").isPresent()) {
      e.printStackTrace(cli.context().err());
    }
    return ExitCode.UNAVAILABLE;
  }

  /** Commands get the shared {@link Cli} through their constructor. */
  private record Factory(Cli cli) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      try {
        Constructor<K> constructor = type.getDeclaredConstructor(Cli.class);
        constructor.setAccessible(true);
        return constructor.newInstance(cli);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(type);
      }
    }
  }
}
