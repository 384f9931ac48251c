package io.trainyard.environment.adapters.ray;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.contracts.environment.KubernetesNames;
import io.trainyard.environment.domain.Environment;
import io.trainyard.environment.domain.Observation;
import io.trainyard.environment.domain.Provisioner;
import io.trainyard.platform.ray.TokenFiles;
import io.trainyard.processes.FreePorts;
import io.trainyard.processes.ProcessGroups;
import io.trainyard.processes.RayStart;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real Ray on this machine. Each process starts in its own session ({@code setsid}) with the
 * cluster's temp dir on its command line, so every process of a cluster, the raylets and workers
 * Ray forks included, can be found and stopped, after a restart of this service too.
 */
public class LocalRayProvisioner implements Provisioner {

  private static final Logger log = LoggerFactory.getLogger(LocalRayProvisioner.class);

  /** How long Ray may take to stop on TERM before its processes are killed. */
  private static final Duration GRACE = Duration.ofSeconds(5);

  private final LocalRayProperties properties;
  private final LocalClusters store;
  private final TokenFiles tokens;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ObjectMapper json = new ObjectMapper();

  public LocalRayProvisioner(
      LocalRayProperties properties, LocalClusters store, TokenFiles tokens) {
    this.properties = properties;
    this.store = store;
    this.tokens = tokens;
  }

  @Override
  public void apply(Environment env) {
    LocalCluster cluster = store.find(env.owner(), env.name()).orElse(null);
    if (cluster == null || !headAnswers(cluster)) {
      if (cluster != null) {
        stopProcesses(cluster.tempDir());
      }
      startHead(env, cluster);
      // Workers start once the head's GCS takes connections (observe starts them): started with
      // the head, each would spend its own startup limit waiting for it on the same cores.
      return;
    }
    List<ProcessHandle> workers = workerLaunchers(processes(cluster.tempDir()));
    startMissingWorkers(env, cluster, workers);
    for (int i = env.spec().workers(); i < workers.size(); i++) {
      stopTree(workers.get(i));
    }
  }

  /** Starts a launcher for each wanted worker beyond the {@code running} ones. */
  private void startMissingWorkers(
      Environment env, LocalCluster cluster, List<ProcessHandle> running) {
    for (int i = running.size(); i < env.spec().workers(); i++) {
      startWorker(env, cluster, i);
    }
  }

  @Override
  public void delete(String owner, String name) {
    store
        .find(owner, name)
        .ifPresent(
            cluster -> {
              stopProcesses(cluster.tempDir());
              store.remove(owner, name);
              tokens.delete(owner, name);
            });
  }

  /**
   * Reads the process table once: with a cluster's Ray processes it takes tens of milliseconds of
   * CPU, which this look, repeated every fraction of a second while a cluster comes up, would
   * otherwise take from Ray starting on the same cores.
   */
  @Override
  public Observation observe(Environment env) {
    Optional<LocalCluster> found = store.find(env.owner(), env.name());
    List<ProcessHandle> processes = found.map(c -> processes(c.tempDir())).orElse(List.of());
    if (processes.isEmpty()) {
      return Observation.absent();
    }
    LocalCluster cluster = found.get();
    if (!gcsAccepts(cluster)) {
      return Observation.pending("starting the Ray head");
    }
    // As KubeRay recreates a dead worker pod, a worker whose `ray start` gave up (it waits 30 s
    // for its raylet to register, too short on a busy machine) or hangs is started again.
    Optional<List<String>> joined = aliveWorkers(cluster);
    List<ProcessHandle> launchers = workerLaunchers(processes);
    if (joined.isPresent()) {
      launchers = stopStuckWorkers(launchers, joined.get());
    }
    startMissingWorkers(env, cluster, launchers);
    if (joined.isEmpty()) {
      return Observation.pending("starting the Ray head's dashboard");
    }
    int alive = joined.get().size();
    if (alive < env.spec().workers()) {
      return Observation.pending(
          "waiting for workers: " + alive + " of " + env.spec().workers() + " up");
    }
    return Observation.ready(cluster.dashboardUrl(), alive);
  }

  @Override
  public List<String> managed() {
    List<String> commandLines = ProcessGroups.commandLines();
    return store.all().stream()
        .filter(c -> commandLines.stream().anyMatch(line -> line.contains(c.tempDir().toString())))
        .map(c -> c.owner() + "/" + c.name())
        .toList();
  }

  /** Stops every local cluster; the reconciler starts them again when the service comes back. */
  public void stopAll() {
    stopProcesses(store.all().stream().map(LocalCluster::tempDir).toList());
  }

  private void startHead(Environment env, LocalCluster previous) {
    Path tempDir = previous != null ? previous.tempDir() : tempDir(env);
    FreePorts ports = new FreePorts();
    int gcs =
        previous != null && free(previous.gcsPort())
            ? ports.keep(previous.gcsPort())
            : ports.getAsInt();
    int dashboard =
        previous != null && free(previous.dashboardPort())
            ? ports.keep(previous.dashboardPort())
            : ports.getAsInt();
    LocalCluster cluster = new LocalCluster(env.owner(), env.name(), tempDir, gcs, dashboard);
    store.save(cluster);
    launch(
        cluster,
        RayStart.head(properties.requireVenv(), tempDir, gcs, dashboard, ports)
            .cpus(properties.headCpus())
            .token(tokens.ensure(env.owner(), env.name())),
        "head.log");
  }

  private void startWorker(Environment env, LocalCluster cluster, int index) {
    launch(
        cluster,
        RayStart.worker(
                properties.requireVenv(), cluster.tempDir(), cluster.gcsPort(), new FreePorts())
            .cpus((int) Math.max(1, Math.ceil(env.spec().workerCpu())))
            .token(tokens.ensure(env.owner(), env.name())),
        "worker-" + index + ".log");
  }

  private void launch(LocalCluster cluster, RayStart node, String logName) {
    Process process =
        node.objectStoreMemoryMb(properties.objectStoreMemoryMb())
            .launch(cluster.tempDir().resolve(logName));
    // setsid made the process the leader of a group that holds all it forks: kept on disk, so a
    // restarted service still stops every process of the cluster.
    ProcessGroups.recordGroup(groupsFile(cluster.tempDir()), process.pid());
    log.info("started {}", String.join(" ", node.command()));
  }

  private Path tempDir(Environment env) {
    return properties
        .workDir()
        .resolve("tyray-" + KubernetesNames.localKey(env.owner(), env.name()));
  }

  /** Whether the head's GCS takes connections: what a worker's {@code ray start} needs. */
  private static boolean gcsAccepts(LocalCluster cluster) {
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), cluster.gcsPort()), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private boolean headAnswers(LocalCluster cluster) {
    return get(cluster, "/api/version").isPresent();
  }

  /**
   * The names of the cluster's live worker nodes, one per node; empty when the dashboard does not
   * answer.
   */
  private Optional<List<String>> aliveWorkers(LocalCluster cluster) {
    return get(cluster, "/api/v0/nodes")
        .map(
            body -> {
              List<String> alive = new ArrayList<>();
              for (JsonNode node : body.path("data").path("result").path("result")) {
                if (!node.path("is_head_node").asBoolean()
                    && "ALIVE".equals(node.path("state").asText())) {
                  alive.add(node.path("node_name").asText());
                }
              }
              return alive;
            });
  }

  /**
   * Stops each worker launcher that has run past the startup limit without its node alive; answers
   * the others.
   */
  private List<ProcessHandle> stopStuckWorkers(List<ProcessHandle> launchers, List<String> alive) {
    Instant startedBefore = Instant.now().minus(properties.workerStartup());
    List<ProcessHandle> kept = new ArrayList<>();
    for (ProcessHandle launcher : launchers) {
      Optional<String> name =
          launcher
              .info()
              .commandLine()
              .flatMap(RayStart::nodeNameIn)
              .filter(n -> !alive.contains(n));
      boolean old =
          launcher.info().startInstant().map(t -> t.isBefore(startedBefore)).orElse(false);
      if (name.isPresent() && old) {
        log.warn(
            "worker {} has not been alive in its cluster for {} s since it started; starting it"
                + " again",
            name.get(),
            properties.workerStartup().toSeconds());
        stopTree(launcher);
      } else {
        kept.add(launcher);
      }
    }
    return kept;
  }

  /** A call to the cluster's dashboard, with its token: without one, Ray answers 401. */
  private Optional<JsonNode> get(LocalCluster cluster, String path) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(cluster.dashboardUrl() + path))
              .timeout(Duration.ofSeconds(5));
      tokens
          .authorization(cluster.owner(), cluster.name())
          .ifPresent(a -> request.header("Authorization", a));
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200
          ? Optional.of(json.readTree(response.body()))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** The {@code ray start --address} launchers of a cluster's workers among its processes. */
  private static List<ProcessHandle> workerLaunchers(List<ProcessHandle> processes) {
    return processes.stream()
        .filter(
            p ->
                p.info()
                    .commandLine()
                    .map(c -> c.contains(" start ") && c.contains("--address="))
                    .orElse(false))
        .toList();
  }

  static List<ProcessHandle> processes(Path tempDir) {
    return ProcessGroups.withCommandLine(tempDir.toString());
  }

  private static void stopTree(ProcessHandle launcher) {
    ProcessGroups.stop(ProcessGroups.groupsOf(List.of(launcher)), GRACE);
  }

  /** Every group the cluster's processes were started in or live in now. */
  private static Set<Long> groups(Path tempDir) {
    Set<Long> groups = new TreeSet<>(ProcessGroups.readGroups(groupsFile(tempDir)));
    groups.addAll(ProcessGroups.groupsOf(processes(tempDir)));
    return groups;
  }

  private static Path groupsFile(Path tempDir) {
    return tempDir.resolve("trainyard-groups");
  }

  static void stopProcesses(Path tempDir) {
    stopProcesses(List.of(tempDir));
  }

  /** Stops the clusters together, so N clusters take one grace period, not N. */
  private static void stopProcesses(List<Path> tempDirs) {
    Set<Long> groups = new TreeSet<>();
    tempDirs.forEach(dir -> groups.addAll(groups(dir)));
    ProcessGroups.stop(groups, GRACE);
    for (Path dir : tempDirs) {
      try {
        Files.deleteIfExists(groupsFile(dir));
      } catch (IOException e) {
        log.warn("cannot remove {}: {}", groupsFile(dir), e.toString());
      }
    }
  }

  private static boolean free(int port) {
    try (ServerSocket s = new ServerSocket(port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
