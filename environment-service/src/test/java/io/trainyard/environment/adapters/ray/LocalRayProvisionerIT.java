package io.trainyard.environment.adapters.ray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.trainyard.environment.domain.Environment;
import io.trainyard.environment.domain.EnvironmentSpec;
import io.trainyard.environment.domain.Observation;
import io.trainyard.environment.domain.Phase;
import io.trainyard.platform.ray.TokenFiles;
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
  static TokenFiles tokens;

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
    tokens = new TokenFiles(java.nio.file.Files.createTempDirectory("ty-tokens"));
  }

  @Test
  void startsAHeadAndAWorkerThatAnswerTheJobsApiComeBackAfterAShutdownAndLeaveNothingWhenDeleted()
      throws Exception {
    var provisioner =
        new LocalRayProvisioner(
            new LocalRayProperties(PythonEnv.home(), workDir, 1, 128, Duration.ofSeconds(20)),
            store,
            tokens);
    Environment env =
        Environment.requested("ada", "local", new EnvironmentSpec(1, 1, 1, 0), Instant.now());

    try {
      provisioner.apply(env);
      assertThat(workerLauncher(store.find("ada", "local").orElseThrow().tempDir()))
          .as("no worker starts before the head's GCS takes connections: it would give up")
          .isEmpty();
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
    HttpClient http = HttpClient.newHttpClient();
    for (String path : java.util.List.of("/api/version", "/api/jobs/")) {
      HttpResponse<String> anonymous =
          http.send(
              HttpRequest.newBuilder(URI.create(ready.dashboardUrl() + path)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(anonymous.statusCode()).as("%s without the token", path).isEqualTo(401);
      HttpResponse<String> wrong =
          http.send(
              HttpRequest.newBuilder(URI.create(ready.dashboardUrl() + path))
                  .header("Authorization", "Bearer not-the-token")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(wrong.statusCode()).as("%s with another token", path).isEqualTo(403);
    }
    HttpResponse<String> version =
        http.send(
            HttpRequest.newBuilder(URI.create(ready.dashboardUrl() + "/api/version"))
                .header("Authorization", tokens.authorization("ada", "local").orElseThrow())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(version.body()).contains("\"ray_version\": \"2.60.0\"");
    assertThat(java.nio.file.Files.getPosixFilePermissions(tokens.file("ada", "local")))
        .containsExactlyInAnyOrder(
            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
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

    ProcessHandle replaced = workerLauncher(tempDir).orElseThrow();
    replaced.descendants().forEach(ProcessHandle::destroyForcibly);
    replaced.destroyForcibly();
    Process hung = hungWorkerLauncher(tempDir);
    await()
        .alias("a worker whose ray start hangs without its node joining is started again")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> provisioner.observe(env).phase() == Phase.READY && !hung.isAlive());

    provisioner.delete("ada", "local");

    assertThat(LocalRayProvisioner.processes(tempDir)).isEmpty();
    assertThat(provisioner.observe(env).phase()).isEqualTo(Phase.ABSENT);
    assertThat(tokens.token("ada", "local")).as("a deleted cluster's token goes too").isEmpty();
    provisioner.delete("ada", "local");
  }

  /**
   * What a {@code ray start} looks like that never gets its node registered: a worker launcher of
   * the cluster, in a session of its own, that just waits.
   */
  private static Process hungWorkerLauncher(Path tempDir) throws Exception {
    return new ProcessBuilder(
            "setsid",
            PythonEnv.home().resolve("bin/python").toString(),
            "-c",
            "import time; time.sleep(600)",
            "start",
            "--block",
            "--address=127.0.0.1:1",
            "--node-name=worker-1",
            "--temp-dir=" + tempDir)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static java.util.Optional<ProcessHandle> workerLauncher(Path tempDir) {
    return LocalRayProvisioner.processes(tempDir).stream()
        .filter(p -> p.info().commandLine().map(c -> c.contains("--address=")).orElse(false))
        .findFirst();
  }
}
