package io.trainyard.job.adapters.blob;

import io.trainyard.job.config.JobProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Parses uploaded Python (a file, or every .py in a zip) with {@code ast.parse}: the code is read,
 * never imported or run; user code runs only inside Ray.
 */
@Component
class PythonSyntax {

  private static final String SCRIPT =
      """
      import ast, sys, zipfile
      path, shown = sys.argv[1], sys.argv[2]
      def check(name, source):
          try:
              ast.parse(source, filename=name)
          except SyntaxError as e:
              print(f"{name}, line {e.lineno}: {e.msg}")
              sys.exit(1)
      if zipfile.is_zipfile(path):
          with zipfile.ZipFile(path) as z:
              for n in z.namelist():
                  if n.endswith(".py"):
                      check(n, z.read(n))
      else:
          with open(path, "rb") as f:
              check(shown, f.read())
      """;

  private final String python;

  PythonSyntax(JobProperties properties) {
    this.python = properties.python();
  }

  Optional<String> problem(Path file, String shownName) {
    try {
      Process process =
          new ProcessBuilder(List.of(python, "-c", SCRIPT, file.toString(), shownName))
              .redirectErrorStream(true)
              .start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return Optional.of("the syntax check timed out");
      }
      return process.exitValue() == 0
          ? Optional.empty()
          : Optional.of("Python syntax error in " + out.strip());
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + python + " to check uploaded code", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
