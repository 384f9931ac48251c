package io.trainyard.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's Python virtualenv (MLflow, Ray, torch), made by {@code ./trainyard venv}. Found
 * through {@code TRAINYARD_VENV} or the path that script writes to {@code .trainyard/venv-path}.
 */
public final class PythonEnv {

  private PythonEnv() {}

  public static Path home() {
    Path venv = built("TRAINYARD_VENV", "venv-path", "no Python virtualenv", "./trainyard venv");
    if (!Files.isExecutable(venv.resolve("bin/python"))) {
      throw new IllegalStateException(venv + " is not a virtualenv: run ./trainyard venv");
    }
    return venv;
  }

  /**
   * What a {@code ./trainyard} command built into the cache: the folder {@code variable} names, or
   * the one the command wrote to {@code .trainyard/<pointer>}.
   */
  static Path built(String variable, String pointer, String missing, String command) {
    String fromEnv = System.getenv(variable);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Path.of(fromEnv);
    }
    try {
      return Path.of(Files.readString(repositoryRoot().resolve(".trainyard/" + pointer)).trim());
    } catch (IOException e) {
      throw new IllegalStateException(
          missing + ": run " + command + " (or set " + variable + ")", e);
    }
  }

  public static Path bin(String program) {
    return home().resolve("bin").resolve(program);
  }

  /** The checkout's root: the nearest folder above the working directory with a ./trainyard. */
  public static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("trainyard"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("not inside a Trainyard checkout");
    }
    return dir;
  }
}
