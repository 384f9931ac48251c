package io.trainyard.environment.adapters.ray;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.environment.domain.Environment;
import io.trainyard.environment.domain.Observation;
import io.trainyard.environment.domain.Provisioner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real Ray on this machine. Each process starts in its own session ({@code setsid}) with the
 * cluster's temp dir on its command line, so every process of a cluster, the raylets and workers
 * Ray forks included, can be found and stopped, after a restart of this service too.
 */
public class LocalRayProvisioner implements Provisioner {

  private static final Logger log = LoggerFactory.getLogger(LocalRayProvisioner.class);

  private final LocalRayProperties properties;
  private final LocalClusters store;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ObjectMapper json = new ObjectMapper();

  public LocalRayProvisioner(LocalRayProperties properties, LocalClusters store) {
    this.properties = properties;
    this.store = store;
  }

  @Override
  public void apply(Environment env) {
    LocalCluster cluster = store.find(env.owner(), env.name()).orElse(null);
    if (cluster == null || !headAnswers(cluster)) {
      if (cluster != null) {
        stopProcesses(cluster.tempDir());
      }
      cluster = startHead(env, cluster);
    }
    List<ProcessHandle> workers = startMissingWorkers(env, cluster);
    for (int i = env.spec().workers(); i < workers.size(); i++) {
      stopTree(workers.get(i));
    }
  }

  /** Starts a launcher for each wanted worker that has none; answers the launchers found. */
  private List<ProcessHandle> startMissingWorkers(Environment env, LocalCluster cluster) {
    List<ProcessHandle> workers = workerLaunchers(cluster);
    for (int i = workers.size(); i < env.spec().workers(); i++) {
      startWorker(env, cluster, i);
    }
    return workers;
  }

  @Override
  public void delete(String owner, String name) {
    store
        .find(owner, name)
        .ifPresent(
            cluster -> {
              stopProcesses(cluster.tempDir());
              store.remove(owner, name);
            });
  }

  @Override
  public Observation observe(Environment env) {
    Optional<LocalCluster> found = store.find(env.owner(), env.name());
    if (found.isEmpty() || processes(found.get().tempDir()).isEmpty()) {
      return Observation.absent();
    }
    LocalCluster cluster = found.get();
    if (!headAnswers(cluster)) {
      return Observation.pending("starting the Ray head");
    }
    // As KubeRay recreates a dead worker pod, a worker whose `ray start` gave up (it waits 30 s
    // for its raylet to register, too short on a busy machine) is started again.
    startMissingWorkers(env, cluster);
    int alive = aliveWorkers(cluster);
    if (alive < env.spec().workers()) {
      return Observation.pending(
          "waiting for workers: " + alive + " of " + env.spec().workers() + " up");
    }
    return Observation.ready(cluster.dashboardUrl(), alive);
  }

  @Override
  public List<String> managed() {
    return store.all().stream()
        .filter(c -> !processes(c.tempDir()).isEmpty())
        .map(c -> c.owner() + "/" + c.name())
        .toList();
  }

  /** Stops every local cluster; the reconciler starts them again when the service comes back. */
  public void stopAll() {
    store.all().forEach(c -> stopProcesses(c.tempDir()));
  }

  private LocalCluster startHead(Environment env, LocalCluster previous) {
    Path tempDir = previous != null ? previous.tempDir() : tempDir(env);
    int gcs = previous != null && free(previous.gcsPort()) ? previous.gcsPort() : freePort();
    int dashboard =
        previous != null && free(previous.dashboardPort()) ? previous.dashboardPort() : freePort();
    LocalCluster cluster = new LocalCluster(env.owner(), env.name(), tempDir, gcs, dashboard);
    store.save(cluster);
    List<String> command =
        new ArrayList<>(
            List.of(
                "setsid",
                properties.ray().toString(),
                "start",
                "--head",
                "--block",
                "--disable-usage-stats",
                "--port=" + gcs,
                "--dashboard-host=127.0.0.1",
                "--dashboard-port=" + dashboard,
                "--ray-client-server-port=" + freePort(),
                "--num-cpus=" + properties.headCpus()));
    command.addAll(nodePorts(tempDir));
    launch(command, tempDir.resolve("head.log"));
    return cluster;
  }

  private void startWorker(Environment env, LocalCluster cluster, int index) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "setsid",
                properties.ray().toString(),
                "start",
                "--block",
                "--disable-usage-stats",
                "--address=127.0.0.1:" + cluster.gcsPort(),
                "--num-cpus=" + (int) Math.max(1, Math.ceil(env.spec().workerCpu()))));
    command.addAll(nodePorts(cluster.tempDir()));
    launch(command, cluster.tempDir().resolve("worker-" + index + ".log"));
  }

  private List<String> nodePorts(Path tempDir) {
    return List.of(
        "--node-manager-port=" + freePort(),
        "--object-manager-port=" + freePort(),
        "--dashboard-agent-listen-port=" + freePort(),
        "--dashboard-agent-grpc-port=" + freePort(),
        "--runtime-env-agent-port=" + freePort(),
        "--metrics-export-port=" + freePort(),
        "--object-store-memory=" + properties.objectStoreMemoryMb() * 1024L * 1024L,
        "--node-ip-address=127.0.0.1",
        "--temp-dir=" + tempDir);
  }

  private void launch(List<String> command, Path logFile) {
    try {
      Files.createDirectories(logFile.getParent());
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
      // Ray 2.60 turns on token auth whenever ~/.ray/auth_token exists; local clusters serve
      // 127.0.0.1 only and Trainyard's clients send no token yet, so the mode is set explicitly.
      builder.environment().put("RAY_AUTH_MODE", "disabled");
      // Ray job entrypoints run `python`: it must be the virtualenv's, with torch and Ray.
      builder
          .environment()
          .merge(
              "PATH", properties.venv().resolve("bin").toString(), (old, bin) -> bin + ":" + old);
      builder.start();
      log.info("started {}", String.join(" ", command));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  private Path tempDir(Environment env) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(env.key().getBytes(StandardCharsets.UTF_8));
      return properties
          .workDir()
          .resolve("tyray-" + HexFormat.of().formatHex(digest).substring(0, 12));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private boolean headAnswers(LocalCluster cluster) {
    return get(cluster.dashboardUrl() + "/api/version").isPresent();
  }

  private int aliveWorkers(LocalCluster cluster) {
    return get(cluster.dashboardUrl() + "/api/v0/nodes")
        .map(
            body -> {
              int alive = 0;
              for (JsonNode node : body.path("data").path("result").path("result")) {
                if (!node.path("is_head_node").asBoolean()
                    && "ALIVE".equals(node.path("state").asText())) {
                  alive++;
                }
              }
              return alive;
            })
        .orElse(0);
  }

  private Optional<JsonNode> get(String url) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
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

  /** The {@code ray start --address} launchers of this cluster's workers. */
  private List<ProcessHandle> workerLaunchers(LocalCluster cluster) {
    return processes(cluster.tempDir()).stream()
        .filter(
            p ->
                p.info()
                    .commandLine()
                    .map(c -> c.contains(" start ") && c.contains("--address="))
                    .orElse(false))
        .toList();
  }

  static List<ProcessHandle> processes(Path tempDir) {
    String marker = tempDir.toString();
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
        .toList();
  }

  private static void stopTree(ProcessHandle launcher) {
    List<ProcessHandle> tree =
        java.util.stream.Stream.concat(java.util.stream.Stream.of(launcher), launcher.descendants())
            .toList();
    tree.forEach(ProcessHandle::destroy);
    waitGone(tree);
  }

  static void stopProcesses(Path tempDir) {
    List<ProcessHandle> all = processes(tempDir);
    all.forEach(ProcessHandle::destroy);
    waitGone(all);
    processes(tempDir).forEach(ProcessHandle::destroyForcibly);
  }

  private static void waitGone(List<ProcessHandle> processes) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (processes.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    processes.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  private static boolean free(int port) {
    try (ServerSocket s = new ServerSocket(port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
