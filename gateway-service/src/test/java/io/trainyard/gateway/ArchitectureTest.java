package io.trainyard.gateway;

import io.trainyard.testsupport.ArchitectureRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  private final com.tngtech.archunit.core.domain.JavaClasses classes =
      ArchitectureRules.productionClasses("io.trainyard.gateway");

  @Test
  void domainImportsNoFrameworkTransportOrClient() {
    ArchitectureRules.domainIsPure().check(classes);
  }

  @Test
  void apiReachesAdaptersOnlyThroughPorts() {
    ArchitectureRules.apiDoesNotReachIntoAdapters().check(classes);
  }
}
