package io.trainyard.tracking;

import io.trainyard.testsupport.ArchitectureRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  private final com.tngtech.archunit.core.domain.JavaClasses classes =
      ArchitectureRules.productionClasses("io.trainyard.tracking");

  @Test
  void domainImportsNoFrameworkTransportOrClient() {
    ArchitectureRules.domainIsPure().check(classes);
  }

  @Test
  void apiReachesAdaptersOnlyThroughPorts() {
    ArchitectureRules.apiDoesNotReachIntoAdapters().check(classes);
  }
}
