package io.trainyard.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real MLflow tracking server from the project's virtualenv, as the stack runs it: the basic-auth
 * app with {@code docker/mlflow/auth.ini} (READ for everyone, writes for owners), SQLite backend,
 * artifacts served by the server itself, a random port. Sets {@code trainyard.mlflow.url}, the
 * admin's credential and the secret the services derive users' passwords from. Tests may {@link
 * #stop()} and {@link #restart()} it to play an outage; the data survives.
 */
public final class MlflowServer implements BeforeAllCallback, AutoCloseable {

  public static final String ADMIN = "trainyard_admin";
  private static volatile MlflowServer current;
  private final Path dir;
  private final int port;
  private final String adminPassword = random();
  private final String userSecret = random();
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
    System.setProperty("trainyard.mlflow.admin-username", ADMIN);
    System.setProperty("trainyard.mlflow.admin-password", current.adminPassword);
    System.setProperty("trainyard.mlflow.user-secret", current.userSecret);
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

  public String adminPassword() {
    return adminPassword;
  }

  /** The Authorization header that acts as MLflow's admin, for tests that look at MLflow itself. */
  public String adminAuthorization() {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString(
                (ADMIN + ":" + adminPassword).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The environment that makes MLflow's Python client act as the admin. */
  public Map<String, String> adminClientEnvironment() {
    return Map.of("MLFLOW_TRACKING_USERNAME", ADMIN, "MLFLOW_TRACKING_PASSWORD", adminPassword);
  }

  /** What the services derive each user's MLflow password from ({@code MlflowAccounts}). */
  public String userSecret() {
    return userSecret;
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
    Path config = PythonEnv.repositoryRoot().resolve("docker/mlflow/auth.ini");
    process =
        LocalProcess.start(
            "mlflow server",
            List.of(
                PythonEnv.bin("mlflow").toString(),
                "server",
                "--app-name",
                "basic-auth",
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
            dir.resolve("server.log"),
            dir,
            Map.of(
                "MLFLOW_AUTH_CONFIG_PATH",
                config.toString(),
                "MLFLOW_AUTH_ADMIN_USERNAME",
                ADMIN,
                "MLFLOW_AUTH_ADMIN_PASSWORD",
                adminPassword,
                "MLFLOW_FLASK_SERVER_SECRET_KEY",
                userSecret + "-flask"));
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

  private static String random() {
    byte[] bytes = new byte[33];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
