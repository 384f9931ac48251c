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
 * A real single-node Ray cluster ({@code ray start --head --block}) from the project's virtualenv,
 * with its own ports and temp dir so it never touches another Ray on the machine. Sets {@code
 * trainyard.ray.dashboard-url}. {@link #close()} leaves no Ray process of it behind.
 */
public final class RayHead implements BeforeAllCallback, AutoCloseable {

  private static volatile RayHead current;
  private final Path tempDir;
  private final int dashboardPort;
  private final LocalProcess process;

  private RayHead(Path tempDir, int dashboardPort, LocalProcess process) {
    this.tempDir = tempDir;
    this.dashboardPort = dashboardPort;
    this.process = process;
  }

  public RayHead() {
    this(null, 0, null);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    current = Shared.get(context, RayHead.class, () -> start(2));
    System.setProperty("trainyard.ray.dashboard-url", current.dashboardUrl());
  }

  public static RayHead current() {
    if (current == null) {
      throw new IllegalStateException("annotate the test with @ExtendWith(RayHead.class)");
    }
    return current;
  }

  public String dashboardUrl() {
    return "http://127.0.0.1:" + dashboardPort;
  }

  public Path tempDir() {
    return tempDir;
  }

  public long pid() {
    return process.pid();
  }

  /** Starts a head with {@code cpus} logical CPUs; Ray's unix sockets need a short temp dir. */
  public static RayHead start(int cpus) {
    return start(cpus, LocalProcess.freePort());
  }

  /** A head whose dashboard answers on {@code dashboard}: a restarted head keeps its address. */
  public static RayHead start(int cpus, int dashboard) {
    try {
      Path tempDir = Files.createTempDirectory(Path.of("/tmp"), "tyray");
      LocalProcess process =
          LocalProcess.start(
              "ray head",
              List.of(
                  PythonEnv.bin("ray").toString(),
                  "start",
                  "--head",
                  "--block",
                  "--disable-usage-stats",
                  "--port=" + LocalProcess.freePort(),
                  "--dashboard-host=127.0.0.1",
                  "--dashboard-port=" + dashboard,
                  "--ray-client-server-port=" + LocalProcess.freePort(),
                  "--num-cpus=" + cpus,
                  "--node-ip-address=127.0.0.1",
                  // Ray's defaults for these are fixed ports: a second head would fight the first.
                  "--node-manager-port=" + LocalProcess.freePort(),
                  "--object-manager-port=" + LocalProcess.freePort(),
                  "--dashboard-agent-listen-port=" + LocalProcess.freePort(),
                  "--dashboard-agent-grpc-port=" + LocalProcess.freePort(),
                  "--runtime-env-agent-port=" + LocalProcess.freePort(),
                  "--metrics-export-port=" + LocalProcess.freePort(),
                  "--temp-dir=" + tempDir),
              tempDir.resolve("head.log"));
      RayHead head = new RayHead(tempDir, dashboard, process);
      try {
        process.awaitHttpOk(head.dashboardUrl() + "/api/version", Duration.ofSeconds(120));
      } catch (RuntimeException e) {
        head.close();
        throw e;
      }
      return head;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Ray processes still running that belong to this head (their command lines name its dir). */
  public List<ProcessHandle> leftoverProcesses() {
    String marker = tempDir.toString();
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
        .toList();
  }

  public int dashboardPort() {
    return dashboardPort;
  }

  /** A crash: every process of this head gets SIGKILL at once, nothing shuts down cleanly. */
  public void kill() {
    leftoverProcesses().forEach(ProcessHandle::destroyForcibly);
    process.close();
    for (int i = 0; i < 50 && !leftoverProcesses().isEmpty(); i++) {
      LocalProcess.sleep(200);
    }
  }

  @Override
  public void close() {
    process.close();
    for (int i = 0; i < 50 && !leftoverProcesses().isEmpty(); i++) {
      LocalProcess.sleep(200);
    }
    leftoverProcesses().forEach(ProcessHandle::destroyForcibly);
  }
}
