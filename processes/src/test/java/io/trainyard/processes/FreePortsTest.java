package io.trainyard.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

  @Test
  void noPortIsHandedOutTwice() {
    FreePorts ports = new FreePorts();
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 2_000; i++) {
      assertThat(seen.add(ports.getAsInt())).isTrue();
    }
  }

  @Test
  void aKeptPortIsNeverProbedAgain() throws Exception {
    FreePorts ports = new FreePorts();
    Set<Integer> kept = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      try (var free = new java.net.ServerSocket(0)) {
        kept.add(ports.keep(free.getLocalPort()));
      }
    }
    for (int i = 0; i < 2_000; i++) {
      assertThat(kept).doesNotContain(ports.getAsInt());
    }
  }
}
