package io.trainyard.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RayStartTest {

  private final AtomicInteger ports = new AtomicInteger(20000);
  private final Path venv = Path.of("/venv");
  private final Path dir = Path.of("/tmp/tyray-1");

  @Test
  void aHeadListensOnLoopbackOnlyWithEveryPortPinnedAndDistinct() {
    List<String> command = RayStart.head(venv, dir, 6379, 8265, ports::incrementAndGet).command();

    assertThat(command).startsWith("/venv/bin/ray", "start", "--head", "--block");
    assertThat(command)
        .contains(
            "--node-ip-address=127.0.0.1",
            "--dashboard-host=127.0.0.1",
            "--port=6379",
            "--dashboard-port=8265",
            "--temp-dir=/tmp/tyray-1");
    List<String> pinned = command.stream().filter(a -> a.matches("--[a-z-]+-port=\\d+")).toList();
    assertThat(pinned)
        .extracting(a -> a.substring(0, a.indexOf('=')))
        .contains(
            "--ray-client-server-port",
            "--node-manager-port",
            "--object-manager-port",
            "--dashboard-agent-listen-port",
            "--dashboard-agent-grpc-port",
            "--runtime-env-agent-port",
            "--metrics-export-port");
    assertThat(pinned.stream().map(a -> a.substring(a.indexOf('=') + 1)).distinct())
        .hasSameSizeAs(pinned);
  }

  @Test
  void aWorkerJoinsTheHeadOnLoopback() {
    List<String> command =
        RayStart.worker(venv, dir, 6379, ports::incrementAndGet).cpus(2).command();

    assertThat(command).contains("--address=127.0.0.1:6379", "--num-cpus=2");
    assertThat(command).doesNotContain("--head").noneMatch(a -> a.startsWith("--dashboard-host"));
    assertThat(command).contains("--node-ip-address=127.0.0.1");
  }

  @Test
  void eachWorkerHasATempDirOfItsOwnInsideTheClusters() {
    // Ray names a node's unix sockets by the first free index in its temp dir, without a lock:
    // two workers starting together in one dir took the same raylet socket and one died.
    RayStart one = RayStart.worker(venv, dir, 6379, ports::incrementAndGet);
    RayStart two = RayStart.worker(venv, dir, 6379, ports::incrementAndGet);

    String first = tempDirOf(one.command());
    String second = tempDirOf(two.command());
    assertThat(first).startsWith(dir + "/").isNotEqualTo(second);
    assertThat(second).startsWith(dir + "/");
    assertThat(tempDirOf(RayStart.head(venv, dir, 1, 2, ports::incrementAndGet).command()))
        .isEqualTo(dir.toString());
  }

  private static String tempDirOf(List<String> command) {
    return command.stream()
        .filter(a -> a.startsWith("--temp-dir="))
        .findFirst()
        .orElseThrow()
        .substring("--temp-dir=".length());
  }

  @Test
  void theEnvironmentIsAnAllowListAndCarriesNothingOfTheStarters() {
    var env = RayStart.head(venv, dir, 1, 2, ports::incrementAndGet).environment();

    assertThat(env.keySet())
        .allMatch(
            k ->
                List.of(
                            "PATH",
                            "HOME",
                            "LANG",
                            "RAY_USAGE_STATS_ENABLED",
                            "RAY_AUTH_MODE",
                            "DASHBOARD_METRIC_PORT",
                            "PYTHONPATH",
                            "TRAINYARD_RAY_LOOPBACK",
                            "TRAINYARD_PART")
                        .contains(k)
                    || RayStart.MARKS.contains(k));
    assertThat(env).containsEntry("PATH", "/venv/bin:/usr/local/bin:/usr/bin:/bin");
    assertThat(env).containsEntry("HOME", "/tmp/tyray-1/home");
    assertThat(env).containsEntry("TRAINYARD_PART", "ray");
  }

  @Test
  void aTokenFileTurnsRaysTokenAuthenticationOn() {
    var open = RayStart.head(venv, dir, 1, 2, ports::incrementAndGet).environment();
    var locked =
        RayStart.head(venv, dir, 1, 2, ports::incrementAndGet)
            .token(Path.of("/tmp/tyray-1/token"))
            .environment();

    assertThat(open).containsEntry("RAY_AUTH_MODE", "disabled");
    assertThat(locked)
        .containsEntry("RAY_AUTH_MODE", "token")
        .containsEntry("RAY_AUTH_TOKEN_PATH", "/tmp/tyray-1/token");
  }
}
