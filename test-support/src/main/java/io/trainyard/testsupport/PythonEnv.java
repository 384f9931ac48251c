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
    String fromEnv = System.getenv("TRAINYARD_VENV");
    Path venv;
    if (fromEnv != null && !fromEnv.isBlank()) {
      venv = Path.of(fromEnv);
    } else {
      Path pointer = repositoryRoot().resolve(".trainyard/venv-path");
      try {
        venv = Path.of(Files.readString(pointer).trim());
      } catch (IOException e) {
        throw new IllegalStateException(
            "no Python virtualenv: run ./trainyard venv (or set TRAINYARD_VENV)", e);
      }
    }
    if (!Files.isExecutable(venv.resolve("bin/python"))) {
      throw new IllegalStateException(venv + " is not a virtualenv: run ./trainyard venv");
    }
    return venv;
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
