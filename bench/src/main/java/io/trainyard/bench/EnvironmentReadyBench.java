package io.trainyard.bench;

import io.trainyard.contracts.codec.CloudEventCodec;
import io.trainyard.contracts.environment.EnvironmentDeleteRequested;
import io.trainyard.contracts.environment.EnvironmentDeleted;
import io.trainyard.contracts.environment.EnvironmentReady;
import io.trainyard.contracts.environment.EnvironmentRequested;
import io.trainyard.contracts.environment.KubernetesNames;
import io.trainyard.processes.FreePorts;
import io.trainyard.processes.ProcessGroups;
import io.trainyard.processes.RayStart;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Create to READY of a local environment ({@code ./trainyard up}) beside the same Ray nodes started
 * by hand: {@code ray start --head}, then each worker once the head's GCS takes connections, until
 * {@code /api/v0/nodes} shows them all alive. Both use the platform's own {@code ray start} line
 * (loopback, pinned ports, a token), so the difference is what Trainyard adds. For the Trainyard
 * side it watches the machine's processes and the cluster's dashboard too, and prints where the
 * time went: request to head started, head to workers started, to all nodes alive, to READY.
 *
 * <p>Options: --bootstrap=127.0.0.1:9092 --workers=1,2 --runs=3
 */
public final class EnvironmentReadyBench {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private static final String OWNER = "bench";
  private static final Pattern DASHBOARD_PORT = Pattern.compile("--dashboard-port=(\\d+)");

  private final StackEvents stack;
  private final Path venv;

  private EnvironmentReadyBench(String bootstrap, Path venv) {
    this.stack = new StackEvents(bootstrap);
    this.venv = venv;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = Options.parse(args);
    int runs = Integer.parseInt(options.getOrDefault("runs", "3"));
    Path venv = Path.of(Files.readString(StackEvents.STATE.resolve("venv-path")).strip());
    var bench =
        new EnvironmentReadyBench(options.getOrDefault("bootstrap", "127.0.0.1:9092"), venv);
    boolean allMet = true;
    try {
      // The services' first environment also pays for their warm-up (JIT, connections): shown,
      // not counted.
      System.out.printf(
          "  warm-up (not counted): %.1f s to READY%n", bench.throughTrainyard(1).at("ready"));
      for (String w : options.getOrDefault("workers", "1,2").split(",")) {
        int workers = Integer.parseInt(w.strip());
        List<Double> plain = new ArrayList<>();
        List<Milestones> trainyard = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
          plain.add(bench.plain(workers));
          trainyard.add(bench.throughTrainyard(workers));
        }
        double p = Percentiles.median(plain);
        double t = Percentiles.median(trainyard.stream().map(m -> m.at("ready")).toList());
        boolean met = t <= 1.2 * p;
        allMet &= met;
        System.out.printf("%nlocal environment, %d worker(s), median of %d:%n", workers, runs);
        System.out.printf("  ray start by hand    %6.1f s  %s%n", p, plain);
        System.out.printf(
            "  Trainyard to READY   %6.1f s  %s%n",
            t, trainyard.stream().map(m -> String.format("%.1f", m.at("ready"))).toList());
        System.out.printf(
            "  ratio                %6.2f    target <= 1.2: %s%n", t / p, met ? "met" : "NOT met");
        System.out.println("  where Trainyard's time went (median, seconds from the request):");
        Milestones.printMedians(trainyard, STEPS);
      }
    } finally {
      bench.stack.close();
    }
    System.out.println(
        allMet ? "environment ready: all targets met" : "environment ready: NOT met");
  }

  /** Seconds from the first {@code ray start} to every node alive in the dashboard's list. */
  private double plain(int workers) throws Exception {
    Path temp = Files.createTempDirectory(Path.of("/tmp"), "ty-plain");
    Path token = token(temp);
    FreePorts ports = new FreePorts();
    int gcs = ports.getAsInt();
    int dashboard = ports.getAsInt();
    String url = "http://127.0.0.1:" + dashboard;
    String auth = "Bearer " + Files.readString(token);
    List<Process> started = new ArrayList<>();
    long start = System.nanoTime();
    try {
      started.add(
          RayStart.head(venv, temp, gcs, dashboard, ports)
              .token(token)
              .launch(temp.resolve("head.log")));
      while (!accepts(gcs)) {
        giveUpAfter(start, temp);
        Thread.sleep(20);
      }
      for (int i = 0; i < workers; i++) {
        started.add(
            RayStart.worker(venv, temp, gcs, new FreePorts())
                .token(token)
                .launch(temp.resolve("worker-" + i + ".log")));
      }
      while (alive(url, auth) < workers + 1) {
        giveUpAfter(start, temp);
        Thread.sleep(50);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("  %d worker(s), ray start by hand: %.1f s%n", workers, seconds);
      return seconds;
    } finally {
      ProcessGroups.stop(
          new java.util.TreeSet<>(started.stream().map(Process::pid).toList()),
          Duration.ofSeconds(5));
      ProcessGroups.stopByCommandLine(temp.toString(), Duration.ofSeconds(5));
    }
  }

  /** Create to READY through the platform, with when each step was first seen on this machine. */
  private Milestones throughTrainyard(int workers) throws Exception {
    String env = "ready-" + Long.toString(System.nanoTime(), 36);
    String key = KubernetesNames.localKey(OWNER, env);
    Milestones b = new Milestones(System.currentTimeMillis());
    stack.send(
        "trainyard.environment-requests", new EnvironmentRequested(OWNER, env, workers, 1, 1, 0));
    String url = null;
    String auth = null;
    try {
      while (true) {
        Optional<?> ready =
            stack.seen().stream()
                .map(e -> e.data())
                .filter(e -> e instanceof EnvironmentReady r && r.name().equals(env))
                .findFirst();
        // The process table is read only until every ray start is seen: reading it is work
        // that by hand does not have to share the two cores with.
        List<String> lines =
            (b.seen("workers")
                    ? List.<ProcessHandle>of()
                    : ProcessGroups.withCommandLine("tyray-" + key))
                .stream().map(p -> p.info().commandLine().orElse("")).toList();
        if (lines.stream().anyMatch(l -> l.contains(" start ") && l.contains("--head"))) {
          b.mark("head");
        }
        long launchers =
            lines.stream().filter(l -> l.contains(" start ") && l.contains("--address=")).count();
        if (launchers >= workers) {
          b.mark("workers");
        }
        if (url == null) {
          url =
              lines.stream()
                  .map(DASHBOARD_PORT::matcher)
                  .filter(Matcher::find)
                  .map(m -> "http://127.0.0.1:" + m.group(1))
                  .findFirst()
                  .orElse(null);
        }
        Path tokenFile = StackEvents.STATE.resolve("ray-tokens").resolve(key + ".token");
        if (auth == null && Files.isRegularFile(tokenFile)) {
          auth = "Bearer " + Files.readString(tokenFile).strip();
        }
        if (url != null && auth != null && !b.seen("alive")) {
          int alive = alive(url, auth);
          if (alive >= 1) {
            b.mark("dashboard");
          }
          if (alive >= workers + 1) {
            b.mark("alive");
          }
        }
        if (ready.isPresent()) {
          b.mark("ready");
          System.out.printf("  %d worker(s), Trainyard to READY: %.1f s%n", workers, b.at("ready"));
          return b;
        }
        if (b.elapsed() > 300) {
          throw new IllegalStateException(env + " not READY within 300 s");
        }
        Thread.sleep(50);
      }
    } finally {
      stack.send("trainyard.environment-requests", new EnvironmentDeleteRequested(OWNER, env));
      stack.await(
          e -> e instanceof EnvironmentDeleted d && d.name().equals(env), Duration.ofMinutes(2));
    }
  }

  private static final Map<String, String> STEPS = new java.util.LinkedHashMap<>();

  static {
    STEPS.put("head", "head's ray start running");
    STEPS.put("workers", "every worker's ray start running");
    STEPS.put("dashboard", "head in the dashboard's node list");
    STEPS.put("alive", "every node alive (what by hand waits)");
    STEPS.put("ready", "READY event received");
  }

  /** The nodes the dashboard lists alive; 0 while it does not answer. */
  private static int alive(String url, String auth) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url + "/api/v0/nodes"))
                  .header("Authorization", auth)
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return 0;
      }
      int alive = 0;
      for (var node :
          CloudEventCodec.mapper()
              .readTree(response.body())
              .path("data")
              .path("result")
              .path("result")) {
        if ("ALIVE".equals(node.path("state").asText())) {
          alive++;
        }
      }
      return alive;
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static Path token(Path dir) throws IOException {
    byte[] secret = new byte[32];
    new java.security.SecureRandom().nextBytes(secret);
    Path file = dir.resolve("token");
    Files.writeString(file, HexFormat.of().formatHex(secret));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  private static void giveUpAfter(long start, Path temp) {
    if ((System.nanoTime() - start) / 1e9 > 300) {
      throw new IllegalStateException("by hand: not every node alive within 300 s, see " + temp);
    }
  }
}
