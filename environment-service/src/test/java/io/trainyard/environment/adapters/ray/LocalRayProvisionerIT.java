package io.trainyard.environment.adapters.ray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.trainyard.environment.domain.Environment;
import io.trainyard.environment.domain.EnvironmentSpec;
import io.trainyard.environment.domain.Observation;
import io.trainyard.environment.domain.Phase;
import io.trainyard.testsupport.Postgres;
import io.trainyard.testsupport.PythonEnv;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The local provisioner with real Ray processes from the project's virtualenv. */
@ExtendWith(Postgres.class)
class LocalRayProvisionerIT {

  static LocalClusters store;
  static Path workDir;

  @BeforeAll
  static void database() throws Exception {
    var ds =
        new DriverManagerDataSource(
            Postgres.url(),
            System.getProperty("spring.datasource.username"),
            System.getProperty("spring.datasource.password"));
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    store = new LocalClusters(JdbcClient.create(ds));
    // Ray's unix sockets live under the temp dir, and their paths may not exceed 107 bytes.
    workDir = Path.of("/tmp");
  }

  @Test
  void startsAHeadAndAWorkerThatAnswerTheJobsApiComeBackAfterAShutdownAndLeaveNothingWhenDeleted()
      throws Exception {
    var provisioner =
        new LocalRayProvisioner(new LocalRayProperties(PythonEnv.home(), workDir, 1, 128), store);
    Environment env =
        Environment.requested("ada", "local", new EnvironmentSpec(1, 1, 1, 0), Instant.now());

    try {
      provisioner.apply(env);
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> provisioner.observe(env).phase() == Phase.READY);
      provesTheClusterWorks(provisioner, env);
    } finally {
      provisioner.delete("ada", "local");
    }
  }

  private void provesTheClusterWorks(LocalRayProvisioner provisioner, Environment env)
      throws Exception {
    Observation ready = provisioner.observe(env);
    assertThat(ready.readyWorkers()).isEqualTo(1);
    HttpResponse<String> version =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(ready.dashboardUrl() + "/api/version")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(version.body()).contains("\"ray_version\": \"2.60.0\"");
    Path tempDir = store.find("ada", "local").orElseThrow().tempDir();
    assertThat(provisioner.managed()).containsExactly("ada/local");

    provisioner.apply(env);
    assertThat(provisioner.observe(env).phase())
        .as("a second apply changes nothing")
        .isEqualTo(Phase.READY);

    ProcessHandle worker = workerLauncher(tempDir).orElseThrow();
    worker.descendants().forEach(ProcessHandle::destroyForcibly);
    worker.destroyForcibly();
    await()
        .alias("a worker that died is started again")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                provisioner.observe(env).phase() == Phase.READY
                    && workerLauncher(tempDir).filter(p -> p.pid() != worker.pid()).isPresent());

    provisioner.delete("ada", "local");

    assertThat(LocalRayProvisioner.processes(tempDir)).isEmpty();
    assertThat(provisioner.observe(env).phase()).isEqualTo(Phase.ABSENT);
    provisioner.delete("ada", "local");
  }

  private static java.util.Optional<ProcessHandle> workerLauncher(Path tempDir) {
    return LocalRayProvisioner.processes(tempDir).stream()
        .filter(p -> p.info().commandLine().map(c -> c.contains("--address=")).orElse(false))
        .findFirst();
  }
}
