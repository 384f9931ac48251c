package io.trainyard.processes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The one {@code ray start} line for a node on this machine, head or worker: it listens on loopback
 * only, pins every port Ray would otherwise pick or fix (two clusters on one machine never meet),
 * and starts with a clean environment: an allow-list, never the starter's own secrets. With a token
 * file, every Ray process requires that token (Ray's token authentication).
 */
public final class RayStart {

  /** Marks that let the local stack find every process it started; passed on when set. */
  public static final List<String> MARKS = List.of("TRAINYARD_STACK");

  public static final String PART = "ray";

  private final Path venv;
  private final boolean head;
  private final Path tempDir;
  private final int gcsPort;
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final int dashboardMetricPort;
  private int dashboardPort;
  private int cpus = 1;
  private long objectStoreBytes = 512L * 1024 * 1024;
  private Path tokenFile;
  private final Map<String, String> extraEnvironment = new LinkedHashMap<>();

  private RayStart(Path venv, boolean head, Path tempDir, int gcsPort, IntSupplier freePort) {
    this.venv = venv;
    this.head = head;
    this.tempDir = tempDir;
    this.gcsPort = gcsPort;
    // Ray's defaults for these are fixed ports: a second cluster would fight the first.
    List<String> pinned =
        new ArrayList<>(
            List.of(
                "node-manager-port",
                "object-manager-port",
                "dashboard-agent-listen-port",
                "dashboard-agent-grpc-port",
                "runtime-env-agent-port",
                "metrics-export-port"));
    if (head) {
      pinned.add(0, "ray-client-server-port");
    }
    pinned.forEach(flag -> ports.put(flag, freePort.getAsInt()));
    this.dashboardMetricPort = head ? freePort.getAsInt() : 0;
  }

  /** A head whose GCS listens on {@code gcsPort} and dashboard on {@code dashboardPort}. */
  public static RayStart head(
      Path venv, Path tempDir, int gcsPort, int dashboardPort, IntSupplier freePort) {
    RayStart start = new RayStart(venv, true, tempDir, gcsPort, freePort);
    start.dashboardPort = dashboardPort;
    return start;
  }

  /** A worker joining the head whose GCS listens on {@code gcsPort} of this machine. */
  public static RayStart worker(Path venv, Path tempDir, int gcsPort, IntSupplier freePort) {
    return new RayStart(venv, false, tempDir, gcsPort, freePort);
  }

  /** Logical CPUs of the node; the head of a Ray Train cluster needs one for the coordinator. */
  public RayStart cpus(int cpus) {
    this.cpus = cpus;
    return this;
  }

  public RayStart objectStoreMemoryMb(int megabytes) {
    this.objectStoreBytes = megabytes * 1024L * 1024L;
    return this;
  }

  /** Requires the token in {@code file} (mode 0600) on every call to this cluster. */
  public RayStart token(Path file) {
    this.tokenFile = file;
    return this;
  }

  /** One more variable for the node's processes, e.g. a test's. */
  public RayStart environment(String name, String value) {
    extraEnvironment.put(name, value);
    return this;
  }

  public List<String> command() {
    List<String> command = new ArrayList<>();
    command.add(venv.resolve("bin/ray").toString());
    command.add("start");
    if (head) {
      command.add("--head");
    }
    command.add("--block");
    command.add("--disable-usage-stats");
    if (head) {
      command.add("--port=" + gcsPort);
      command.add("--dashboard-host=127.0.0.1");
      command.add("--dashboard-port=" + dashboardPort);
    } else {
      command.add("--address=127.0.0.1:" + gcsPort);
      command.add("--node-name=" + nodeName());
    }
    command.add("--num-cpus=" + cpus);
    command.add("--node-ip-address=127.0.0.1");
    ports.forEach((flag, port) -> command.add("--" + flag + "=" + port));
    command.add("--object-store-memory=" + objectStoreBytes);
    command.add("--temp-dir=" + nodeTempDir());
    return command;
  }

  /**
   * The head's is the cluster's; each worker has one of its own inside it, as on a machine of its
   * own: Ray names a node's sockets by the first free index in its temp dir, without a lock, so two
   * workers starting together in one dir could take the same raylet socket.
   */
  private Path nodeTempDir() {
    return head ? tempDir : tempDir.resolve("w" + ports.get("node-manager-port"));
  }

  /**
   * The name a worker's node has in its cluster's node list, unique on this machine (its raylet's
   * port): it tells which {@code ray start} a live node came from.
   */
  public String nodeName() {
    return NODE_NAME_PREFIX + ports.get("node-manager-port");
  }

  /** The node name a worker's command line gives, if it is one of ours. */
  public static java.util.Optional<String> nodeNameIn(String commandLine) {
    java.util.regex.Matcher m = NODE_NAME_FLAG.matcher(commandLine);
    return m.find() ? java.util.Optional.of(m.group(1)) : java.util.Optional.empty();
  }

  private static final String NODE_NAME_PREFIX = "worker-";
  private static final java.util.regex.Pattern NODE_NAME_FLAG =
      java.util.regex.Pattern.compile("--node-name=(" + NODE_NAME_PREFIX + "\\d+)");

  /** Everything the node's processes see; nothing of the starter's environment but the marks. */
  public Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", venv.resolve("bin") + ":/usr/local/bin:/usr/bin:/bin");
    env.put("HOME", tempDir.resolve("home").toString());
    env.put("LANG", "C.UTF-8");
    env.put("RAY_USAGE_STATS_ENABLED", "0");
    // Ray swaps a loopback node address for the machine's, and its agents then bind that or all
    // interfaces: the sitecustomize beside the node keeps 127.0.0.1 (see sitecustomize.py).
    env.put("PYTHONPATH", pythonDir().toString());
    env.put("TRAINYARD_RAY_LOOPBACK", "1");
    if (tokenFile != null) {
      env.put("RAY_AUTH_MODE", "token");
      env.put("RAY_AUTH_TOKEN_PATH", tokenFile.toString());
    } else {
      // Ray 2.60 turns auth on by itself when ~/.ray/auth_token exists: say which mode we mean.
      env.put("RAY_AUTH_MODE", "disabled");
    }
    if (head) {
      env.put("DASHBOARD_METRIC_PORT", Integer.toString(dashboardMetricPort));
    }
    for (String mark : MARKS) {
      String value = System.getenv(mark);
      if (value != null) {
        env.put(mark, value);
      }
    }
    env.put("TRAINYARD_PART", PART);
    env.putAll(extraEnvironment);
    return env;
  }

  private Path pythonDir() {
    return tempDir.resolve("trainyard-python");
  }

  /**
   * Starts the node in a session of its own ({@code setsid}): it outlives its starter, and its
   * group, whose id is the returned process's pid, holds every process it forks.
   */
  public Process launch(Path logFile) {
    List<String> command = ProcessGroups.ownSession(command());
    try {
      Files.createDirectories(logFile.getParent());
      Files.createDirectories(tempDir.resolve("home"));
      Files.createDirectories(pythonDir());
      try (var in = RayStart.class.getResourceAsStream("sitecustomize.py")) {
        Files.write(pythonDir().resolve("sitecustomize.py"), in.readAllBytes());
      }
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
      builder.environment().clear();
      builder.environment().putAll(environment());
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
    }
  }
}
