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
}
