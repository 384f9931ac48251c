package io.trainyard.testsupport;

import io.trainyard.processes.FreePorts;
import io.trainyard.processes.ProcessGroups;
import io.trainyard.processes.RayStart;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
  private final Process process;

  private RayHead(Path tempDir, int dashboardPort, Process process) {
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
      Path token = tempDir.resolve("auth_token");
      byte[] secret = new byte[24];
      new java.security.SecureRandom().nextBytes(secret);
      Files.writeString(token, java.util.HexFormat.of().formatHex(secret));
      FreePorts ports = new FreePorts();
      ports.keep(dashboard);
      RayStart node =
          RayStart.head(PythonEnv.home(), tempDir, ports.getAsInt(), dashboard, ports)
              .cpus(cpus)
              .token(token);
      Process process = node.launch(tempDir.resolve("head.log"));
      RayHead head = new RayHead(tempDir, dashboard, process);
      try {
        LocalProcess.awaitHttpOk(
            "ray head",
            process,
            head.dashboardUrl() + "/api/version",
            Map.of("Authorization", head.authorization()),
            Duration.ofSeconds(120),
            tempDir.resolve("head.log"));
      } catch (RuntimeException e) {
        head.close();
        throw e;
      }
      return head;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Ray processes still running that belong to this head: its group, or naming its dir. */
  public List<ProcessHandle> leftoverProcesses() {
    Set<Long> groups =
        new TreeSet<>(ProcessGroups.groupsOf(ProcessGroups.withCommandLine(tempDir.toString())));
    groups.add(process.pid());
    return ProcessGroups.members(groups);
  }

  /** The token the head requires on every call. */
  public String token() {
    try {
      return Files.readString(tempDir.resolve("auth_token")).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The header that carries {@link #token()}. */
  public String authorization() {
    return "Bearer " + token();
  }

  /**
   * Leaves this head's token where services find the token of {@code owner}'s environment, as
   * environment-service does for the clusters it starts (platform's TokenFiles).
   */
  public void authorize(Path tokenDir, String owner, String environment) {
    try {
      Files.createDirectories(tokenDir);
      Files.writeString(
          tokenDir.resolve(
              io.trainyard.contracts.environment.KubernetesNames.localKey(owner, environment)
                  + ".token"),
          token());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int dashboardPort() {
    return dashboardPort;
  }

  /** A crash: every process of this head gets SIGKILL at once, nothing shuts down cleanly. */
  public void kill() {
    leftoverProcesses().forEach(ProcessHandle::destroyForcibly);
    for (int i = 0; i < 50 && !leftoverProcesses().isEmpty(); i++) {
      LocalProcess.sleep(200);
    }
  }

  @Override
  public void close() {
    Set<Long> groups = new TreeSet<>(ProcessGroups.groupsOf(leftoverProcesses()));
    groups.add(process.pid());
    ProcessGroups.stop(groups, Duration.ofSeconds(10));
  }
}
