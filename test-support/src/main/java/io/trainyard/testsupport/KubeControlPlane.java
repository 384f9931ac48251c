package io.trainyard.testsupport;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Kubernetes control plane for the test JVM, on loopback: etcd, kube-apiserver (RBAC, real
 * admission), kube-controller-manager (namespaces, garbage collection, quotas, service accounts,
 * Jobs for Helm hooks, node lifecycle: it lifts the not-ready taint of a new node), kube-scheduler,
 * KWOK running the pods on simulated nodes, and the real KubeRay operator with its CRDs. The
 * binaries come from {@code ./trainyard controlplane} ({@code TRAINYARD_CONTROLPLANE}); everything
 * it starts stops with the JVM's test run, leaving no process behind.
 */
public final class KubeControlPlane implements BeforeAllCallback, AutoCloseable {

  private static volatile KubeControlPlane current;

  private final Path home;
  private final Path work;
  private final String url;
  private final String adminToken;
  private final Path serverCa;
  private final List<LocalProcess> processes;
  private final KubernetesClient admin;

  private KubeControlPlane(
      Path home,
      Path work,
      String url,
      String adminToken,
      Path serverCa,
      List<LocalProcess> processes,
      KubernetesClient admin) {
    this.home = home;
    this.work = work;
    this.url = url;
    this.adminToken = adminToken;
    this.serverCa = serverCa;
    this.processes = processes;
    this.admin = admin;
  }

  /** For JUnit; use the static methods in tests. */
  public KubeControlPlane() {
    this(null, null, null, null, null, null, null);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    current = Shared.get(context, KubeControlPlane.class, KubeControlPlane::start);
  }

  private static KubeControlPlane current() {
    if (current == null) {
      throw new IllegalStateException("annotate the test with @ExtendWith(KubeControlPlane.class)");
    }
    return current;
  }

  /** A client with every right (system:masters), for what tests set up and look at. */
  public static KubernetesClient admin() {
    return current().admin;
  }

  /**
   * A client that acts as {@code serviceAccount} in {@code namespace}, as a pod of it would: the
   * API server authorizes each call with that account's RBAC alone.
   */
  public static KubernetesClient asServiceAccount(String namespace, String serviceAccount) {
    KubeControlPlane plane = current();
    Config config = plane.config();
    config.setImpersonateUsername("system:serviceaccount:" + namespace + ":" + serviceAccount);
    config.setImpersonateGroups(
        "system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated");
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /**
   * Simulated nodes that KWOK keeps Ready; GPU nodes carry the usual {@code nvidia.com/gpu} taint.
   */
  public static void addNodes(String prefix, int count, int cpu, int memoryGi, int gpus) {
    for (int i = 0; i < count; i++) {
      Map<String, Quantity> capacity = new LinkedHashMap<>();
      capacity.put("cpu", new Quantity(Integer.toString(cpu)));
      capacity.put("memory", new Quantity(memoryGi + "Gi"));
      capacity.put("pods", new Quantity("110"));
      if (gpus > 0) {
        capacity.put("nvidia.com/gpu", new Quantity(Integer.toString(gpus)));
      }
      NodeBuilder node =
          new NodeBuilder()
              .withNewMetadata()
              .withName(prefix + "-" + i)
              .withLabels(Map.of("type", "kwok", "kubernetes.io/hostname", prefix + "-" + i))
              .withAnnotations(Map.of("kwok.x-k8s.io/node", "fake"))
              .endMetadata()
              .withNewSpec()
              .endSpec()
              .withNewStatus()
              .withCapacity(capacity)
              .withAllocatable(capacity)
              .endStatus();
      if (gpus > 0) {
        node.editSpec()
            .withTaints(
                new TaintBuilder()
                    .withKey("nvidia.com/gpu")
                    .withValue("present")
                    .withEffect("NoSchedule")
                    .build())
            .endSpec();
      }
      admin().nodes().resource(node.build()).createOr(n -> n.update());
    }
    await(
        "nodes " + prefix + "-* Ready",
        Duration.ofSeconds(60),
        () ->
            admin().nodes().list().getItems().stream()
                    .filter(n -> n.getMetadata().getName().startsWith(prefix + "-"))
                    .filter(
                        n ->
                            n.getStatus().getConditions() != null
                                && n.getStatus().getConditions().stream()
                                    .anyMatch(
                                        c ->
                                            "Ready".equals(c.getType())
                                                && "True".equals(c.getStatus())))
                    .count()
                == count);
  }

  /**
   * Installs (or upgrades) a chart with Helm's Go SDK, as {@code helm upgrade --install} would.
   *
   * @param set {@code --set} values, in order
   */
  public static void installChart(
      Path chart, String release, String namespace, List<String> valuesFiles, List<String> set) {
    KubeControlPlane plane = current();
    List<String> command = new ArrayList<>();
    command.add(plane.home.resolve("bin/chart-install").toString());
    command.addAll(
        List.of(
            "--kubeconfig",
            plane.work.resolve("kubeconfig").toString(),
            "--chart",
            chart.toString(),
            "--release",
            release,
            "--namespace",
            namespace));
    valuesFiles.forEach(f -> command.addAll(List.of("-f", f)));
    set.forEach(s -> command.addAll(List.of("--set", s)));
    Path log = plane.work.resolve("chart-install-" + release + ".log");
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      if (!p.waitFor(3, TimeUnit.MINUTES) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException(
            "installing " + chart + " failed:\n" + Files.readString(log));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The folder of the built binaries, CRDs and KWOK stages. */
  public static Path home() {
    Path dir =
        PythonEnv.built(
            "TRAINYARD_CONTROLPLANE",
            "controlplane-path",
            "no test control plane",
            "./trainyard controlplane");
    if (!Files.exists(dir.resolve(".complete"))) {
      throw new IllegalStateException(dir + " is not built: run ./trainyard controlplane");
    }
    return dir;
  }

  /** Starts one to look at by hand; prints its kubeconfig and runs until interrupted. */
  public static void main(String[] args) throws InterruptedException {
    current = start();
    System.out.println("kubeconfig: " + current.work.resolve("kubeconfig"));
    Thread.currentThread().join();
  }

  private Config config() {
    return config(url, adminToken, serverCa);
  }

  private static Config config(String url, String token, Path ca) {
    return new ConfigBuilder()
        .withMasterUrl(url)
        .withOauthToken(token)
        .withCaCertFile(ca.toString())
        .withRequestTimeout(30_000)
        .build();
  }

  private static KubeControlPlane start() {
    Path home = home();
    Path bin = home.resolve("bin");
    List<LocalProcess> started = new ArrayList<>();
    try {
      // Under the module's target/ when there is one, so the parts' logs outlive a failed run.
      Path target = Path.of("target").toAbsolutePath();
      Path work =
          Files.isDirectory(target)
              ? Files.createTempDirectory(target, "kube-control-plane-")
              : Files.createTempDirectory("ty-k8s-");
      String adminToken = randomHex(24);
      Files.writeString(work.resolve("tokens.csv"), adminToken + ",admin,admin,system:masters\n");
      Path saKey = work.resolve("service-account.key");
      Files.writeString(saKey, rsaPrivateKeyPem());
      Path certs = Files.createDirectories(work.resolve("certs"));

      int etcdPort = LocalProcess.freePort();
      started.add(
          LocalProcess.start(
              "etcd",
              List.of(
                  bin.resolve("etcd").toString(),
                  "--data-dir=" + work.resolve("etcd"),
                  "--listen-client-urls=http://127.0.0.1:" + etcdPort,
                  "--listen-peer-urls=http://127.0.0.1:" + LocalProcess.freePort()),
              work.resolve("etcd.log")));

      int apiPort = LocalProcess.freePort();
      String url = "https://127.0.0.1:" + apiPort;
      LocalProcess apiserver =
          LocalProcess.start(
              "kube-apiserver",
              List.of(
                  bin.resolve("kube-apiserver").toString(),
                  "--etcd-servers=http://127.0.0.1:" + etcdPort,
                  "--bind-address=127.0.0.1",
                  "--secure-port=" + apiPort,
                  "--cert-dir=" + certs,
                  "--service-cluster-ip-range=10.0.0.0/24",
                  "--service-account-issuer=" + url + "/",
                  "--service-account-key-file=" + saKey,
                  "--service-account-signing-key-file=" + saKey,
                  "--token-auth-file=" + work.resolve("tokens.csv"),
                  "--authorization-mode=RBAC",
                  "--allow-privileged=true",
                  "--enable-priority-and-fairness=false",
                  "--profiling=false"),
              work.resolve("kube-apiserver.log"));
      started.add(apiserver);
      Path serverCa = certs.resolve("apiserver.crt");
      await("the API server's certificate", Duration.ofSeconds(60), () -> Files.exists(serverCa));
      writeKubeconfig(work.resolve("kubeconfig"), url, serverCa, adminToken);

      KubernetesClient admin =
          new KubernetesClientBuilder().withConfig(config(url, adminToken, serverCa)).build();
      await(
          "kube-apiserver ready (" + work.resolve("kube-apiserver.log") + ")",
          Duration.ofSeconds(120),
          () -> {
            if (!apiserver.isAlive()) {
              throw new IllegalStateException(
                  "kube-apiserver exited; see " + work.resolve("kube-apiserver.log"));
            }
            try {
              return "ok".equals(admin.raw(url + "/readyz"));
            } catch (RuntimeException notYet) {
              return false;
            }
          });

      // Before the controller manager: its quota controller learns the API's resources when it
      // starts and only every 30 s after, and until it knows RayClusters a quota counting them
      // has no status, so the API server refuses every RayCluster in that namespace.
      try (Stream<Path> crds = Files.list(home.resolve("crds"))) {
        for (Path crd : crds.sorted().toList()) {
          try (InputStream in = Files.newInputStream(crd)) {
            CustomResourceDefinition definition =
                admin.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
            admin.apiextensions().v1().customResourceDefinitions().resource(definition).create();
            admin
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName(definition.getMetadata().getName())
                .waitUntilCondition(
                    c ->
                        c != null
                            && c.getStatus() != null
                            && c.getStatus().getConditions() != null
                            && c.getStatus().getConditions().stream()
                                .anyMatch(
                                    x ->
                                        "Established".equals(x.getType())
                                            && "True".equals(x.getStatus())),
                    60,
                    TimeUnit.SECONDS);
          }
        }
      }
      String kubeconfig = "--kubeconfig=" + work.resolve("kubeconfig");
      started.add(
          LocalProcess.start(
              "kube-controller-manager",
              List.of(
                  bin.resolve("kube-controller-manager").toString(),
                  kubeconfig,
                  "--leader-elect=false",
                  "--bind-address=127.0.0.1",
                  "--secure-port=" + LocalProcess.freePort(),
                  "--controllers=namespace-controller,garbage-collector-controller,job-controller,"
                      + "node-lifecycle-controller,"
                      + "resourcequota-controller,serviceaccount-controller",
                  "--concurrent-gc-syncs=5"),
              work.resolve("kube-controller-manager.log")));
      started.add(
          LocalProcess.start(
              "kube-scheduler",
              List.of(
                  bin.resolve("kube-scheduler").toString(),
                  kubeconfig,
                  "--leader-elect=false",
                  "--bind-address=127.0.0.1",
                  "--secure-port=" + LocalProcess.freePort()),
              work.resolve("kube-scheduler.log")));
      started.add(
          LocalProcess.start(
              "kwok",
              List.of(
                  bin.resolve("kwok").toString(),
                  kubeconfig,
                  "--manage-all-nodes=true",
                  // Renews each node's Lease as a kubelet does, so node lifecycle keeps it Ready.
                  "--node-lease-duration-seconds=40",
                  "--config=" + home.resolve("kwok-stages.yaml")),
              work.resolve("kwok.log")));

      started.add(
          LocalProcess.start(
              "kuberay-operator",
              List.of(
                  bin.resolve("ray-operator").toString(),
                  kubeconfig,
                  "--enable-leader-election=false",
                  "--metrics-addr=127.0.0.1:" + LocalProcess.freePort(),
                  "--health-probe-bind-address=127.0.0.1:" + LocalProcess.freePort()),
              work.resolve("kuberay-operator.log")));
      KubeControlPlane plane =
          new KubeControlPlane(home, work, url, adminToken, serverCa, started, admin);
      Runtime.getRuntime().addShutdownHook(new Thread(plane::stopProcesses));
      return plane;
    } catch (IOException e) {
      stopAll(started);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      stopAll(started);
      throw e;
    }
  }

  private static void writeKubeconfig(Path file, String url, Path ca, String token)
      throws IOException {
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: test
          cluster:
            server: %s
            certificate-authority: %s
        users:
        - name: admin
          user:
            token: %s
        contexts:
        - name: test
          context: {cluster: test, user: admin}
        current-context: test
        """
            .formatted(url, ca, token));
  }

  private static String rsaPrivateKeyPem() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
      return "-----BEGIN PRIVATE KEY-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pkcs8)
          + "\n-----END PRIVATE KEY-----\n";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  static void await(String what, Duration timeout, java.util.function.BooleanSupplier done) {
    Instant deadline = Instant.now().plus(timeout);
    while (!done.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      LocalProcess.sleep(200);
    }
  }

  private synchronized void stopProcesses() {
    stopAll(processes);
  }

  private static void stopAll(List<LocalProcess> started) {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
  }

  @Override
  public void close() {
    admin.close();
    stopProcesses();
    try (Stream<Path> files = Files.walk(work.resolve("etcd"))) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // Data left behind is no failure of the tests; the logs stay on purpose.
    }
  }
}
