package io.trainyard.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FreePortsTest {

  @Test
  void noPortIsHandedOutTwiceEvenByTwoInstances() {
    FreePorts one = new FreePorts();
    FreePorts other = new FreePorts();
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      assertThat(seen.add(one.getAsInt())).isTrue();
      assertThat(seen.add(other.getAsInt())).isTrue();
    }
  }

  @Test
  void aKeptPortIsNeverDrawnAgain() {
    FreePorts before = new FreePorts();
    FreePorts ports = new FreePorts();
    Set<Integer> kept = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      kept.add(ports.keep(before.getAsInt()));
    }
    for (int i = 0; i < 1_000; i++) {
      assertThat(kept).doesNotContain(ports.getAsInt());
    }
  }

  @Test
  void portsComeFromOutsideTheKernelsEphemeralRangeAndAboveRaysWorkerPorts() throws Exception {
    String range =
        Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
    int ephemeralLow = Integer.parseInt(range.split("\\s+")[0]);
    int ephemeralHigh = Integer.parseInt(range.split("\\s+")[1]);
    FreePorts ports = new FreePorts();
    for (int i = 0; i < 500; i++) {
      int port = ports.getAsInt();
      assertThat(port).isGreaterThanOrEqualTo(FreePorts.LOW);
      assertThat(port < ephemeralLow || port > ephemeralHigh).as("port %d", port).isTrue();
    }
  }

  @Test
  void theDrawIsBelowTheEphemeralRangeOrAboveItWhicheverIsRoomier(@TempDir Path dir)
      throws Exception {
    Path range = dir.resolve("ip_local_port_range");
    Files.writeString(range, "32768\t60999\n");
    assertThat(FreePorts.range(range)).containsExactly(20_000, 32_767);
    Files.writeString(range, "1024 40000\n");
    assertThat(FreePorts.range(range)).containsExactly(40_001, 65_535);
    Files.writeString(range, "1024 65000\n");
    assertThat(FreePorts.range(range)).as("no room: the kernel's own choice").isEmpty();
  }
}
