package io.trainyard.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * What a command may touch of the world: the environment's variables, where the config lies, the
 * terminal, the clock. Tests give their own.
 */
public record Context(
    Map<String, String> env,
    Path configDir,
    PrintWriter out,
    PrintWriter err,
    BufferedReader in,
    boolean terminal,
    Clock clock) {

  public static Context system() {
    Map<String, String> env = System.getenv();
    boolean terminal = System.console() != null;
    return new Context(
        env,
        configDir(env),
        new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8),
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
        terminal,
        Clock.systemDefaultZone());
  }

  /** {@code $XDG_CONFIG_HOME/trainyard}, else {@code ~/.config/trainyard}. */
  static Path configDir(Map<String, String> env) {
    String xdg = env.get("XDG_CONFIG_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".config");
    return base.resolve("trainyard");
  }

  public Optional<String> variable(String name) {
    return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
  }

  /** Colours on a terminal only, and never where NO_COLOR is set (no-color.org). */
  public boolean colours() {
    return terminal && !env.containsKey("NO_COLOR") && !"dumb".equals(env.get("TERM"));
  }
}
