package io.trainyard.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** A context with its own config folder and captured output. */
public final class TestContext {

  public final StringWriter out = new StringWriter();
  public final StringWriter err = new StringWriter();
  public final Context context;

  public TestContext(Path configDir, Map<String, String> env, String stdin) {
    context =
        new Context(
            env,
            configDir,
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            new BufferedReader(new StringReader(stdin)),
            false,
            Clock.systemUTC());
  }

  public int run(String... args) {
    return Main.run(context, args);
  }
}
