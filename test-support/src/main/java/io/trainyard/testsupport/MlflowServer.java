package io.trainyard.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real MLflow tracking server from the project's virtualenv: SQLite backend, artifacts served by
 * the server itself, a random port. Sets {@code trainyard.mlflow.url}. Tests may {@link #stop()}
 * and {@link #restart()} it to play an outage; the data survives.
 */
public final class MlflowServer implements BeforeAllCallback, AutoCloseable {

  private static volatile MlflowServer current;
  private final Path dir;
  private final int port;
  private LocalProcess process;

  private MlflowServer(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  public MlflowServer() {
    this(null, 0);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    current = Shared.get(context, MlflowServer.class, MlflowServer::create);
    System.setProperty("trainyard.mlflow.url", current.url());
  }

  public static MlflowServer current() {
    if (current == null) {
      throw new IllegalStateException("annotate the test with @ExtendWith(MlflowServer.class)");
    }
    return current;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public Path directory() {
    return dir;
  }

  private static MlflowServer create() {
    try {
      MlflowServer server =
          new MlflowServer(Files.createTempDirectory("ty-mlflow"), LocalProcess.freePort());
      server.restart();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public synchronized void restart() {
    if (process != null && process.isAlive()) {
      return;
    }
    process =
        LocalProcess.start(
            "mlflow server",
            List.of(
                PythonEnv.bin("mlflow").toString(),
                "server",
                "--backend-store-uri",
                "sqlite:///" + dir.resolve("mlflow.db"),
                "--artifacts-destination",
                dir.resolve("artifacts").toString(),
                "--serve-artifacts",
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--workers",
                "1"),
            dir.resolve("server.log"));
    process.awaitHttpOk(url() + "/health", Duration.ofSeconds(120));
  }

  public synchronized void stop() {
    if (process != null) {
      process.close();
      process = null;
    }
  }

  @Override
  public void close() {
    stop();
  }
}
