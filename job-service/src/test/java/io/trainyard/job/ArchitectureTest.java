package io.trainyard.job;

import io.trainyard.testsupport.ArchitectureRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  @Test
  void domainImportsNoFrameworkTransportOrClientAndApiReachesAdaptersOnlyThroughPorts() {
    ArchitectureRules.check("io.trainyard.job");
  }
}
