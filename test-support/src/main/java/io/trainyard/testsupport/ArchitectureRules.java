package io.trainyard.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

/** The layering every service keeps: the domain knows no transport, framework or client. */
public final class ArchitectureRules {

  private ArchitectureRules() {}

  /** Checks every rule on a service's production classes. */
  public static void check(String basePackage) {
    JavaClasses classes = productionClasses(basePackage);
    domainIsPure().check(classes);
    apiDoesNotReachIntoAdapters().check(classes);
  }

  public static JavaClasses productionClasses(String basePackage) {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(basePackage);
  }

  public static ArchRule domainIsPure() {
    return noClasses()
        .that()
        .resideInAPackage("..domain..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework..",
            "io.fabric8..",
            "org.apache.kafka..",
            "org.mlflow..",
            "ai.djl..",
            "java.sql..",
            "..api..",
            "..adapters..")
        .because("domain logic is tested without a broker, a cluster or a framework");
  }

  public static ArchRule apiDoesNotReachIntoAdapters() {
    return noClasses()
        .that()
        .resideInAPackage("..api..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("..adapters..")
        .because("transport talks to the domain; adapters are reached through ports");
  }
}
