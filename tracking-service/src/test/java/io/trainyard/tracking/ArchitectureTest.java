package io.trainyard.tracking;

import io.trainyard.testsupport.ArchitectureRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  @Test
  void domainImportsNoFrameworkTransportOrClientAndApiReachesAdaptersOnlyThroughPorts() {
    ArchitectureRules.check("io.trainyard.tracking");
  }
}
