package io.trainyard.job.ray;

import static io.trainyard.job.ray.JobKit.all;
import static io.trainyard.job.ray.JobKit.is;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.testsupport.KafkaBroker;
import io.trainyard.testsupport.LocalProcess;
import io.trainyard.testsupport.MlflowServer;
import io.trainyard.testsupport.Postgres;
import io.trainyard.testsupport.PythonEnv;
import io.trainyard.testsupport.RayHead;
import io.trainyard.testsupport.TopicProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * job-service as its own process, killed with SIGKILL mid-job and started again: it keeps following
 * the same Ray job and never starts a second one.
 */
@ExtendWith({KafkaBroker.class, Postgres.class, MlflowServer.class})
class JobServiceRestartIT {

  @Test
  void aJobServiceKilledMidJobFollowsTheSameRayJobAfterItsRestart() throws Exception {
    String job = "digits-restart";
    Path work = Files.createTempDirectory("job-service");
    try (RayHead head = RayHead.start(3);
        TopicProbe jobs = new TopicProbe("trainyard.jobs")) {
      LocalProcess service = start(work, "first");
      JobKit.ready("ada", "ray-restart", head, 2);
      JobKit.submit(JobKit.template(job, "ray-restart", Map.of("epochs", 20, "batchSize", 8), 1));
      JobKit.runFor(job, "ada");
      jobs.await(r -> is(r, job, "progressed"), Duration.ofMinutes(5));

      service.kill();
      Thread.sleep(3000);
      LocalProcess again = start(work, "second");
      try {
        ConsumerRecord<String, byte[]> end =
            jobs.await(
                r -> is(r, job, "succeeded") || (is(r, job, "failed")), Duration.ofMinutes(5));
        assertThat(TopicProbe.header(end, "ce_type"))
            .as(TopicProbe.value(end))
            .isEqualTo("io.trainyard.job.succeeded.v1");
      } finally {
        again.close();
      }

      List<JsonNode> rayJobs =
          StreamSupport.stream(JobKit.rayJobs(head).spliterator(), false)
              .filter(j -> job.equals(j.path("metadata").path("trainyard.job_id").asText()))
              .toList();
      assertThat(rayJobs).singleElement();
      assertThat(distinct(jobs, job, "started")).isEqualTo(1);
      List<Integer> epochs =
          all(jobs, job, "progressed").stream()
              .map(p -> p.path("epoch").asInt())
              .distinct()
              .toList();
      assertThat(epochs).isEqualTo(Stream.iterate(1, e -> e + 1).limit(20).toList());
    }
  }

  /** Events of one kind, counted by id: a re-sent copy of the same event is the same event. */
  private static long distinct(TopicProbe probe, String job, String event) {
    return probe.seen().stream()
        .filter(r -> is(r, job, event))
        .map(r -> TopicProbe.header(r, "ce_id"))
        .distinct()
        .count();
  }

  private static LocalProcess start(Path work, String name) throws Exception {
    Path jar;
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      jar =
          files
              .filter(p -> p.getFileName().toString().matches("job-service-.*\\.jar"))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("package job-service first"));
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    LocalProcess process =
        LocalProcess.start(
            "job-service " + name,
            List.of(
                java,
                "-Xmx512m",
                "-jar",
                jar.toString(),
                "--server.port=" + LocalProcess.freePort(),
                "--spring.kafka.bootstrap-servers=" + KafkaBroker.bootstrapServers(),
                "--trainyard.kafka.password=" + KafkaBroker.SERVICE_PASSWORD,
                "--spring.datasource.url=" + Postgres.url(),
                "--spring.datasource.username=" + System.getProperty("spring.datasource.username"),
                "--spring.datasource.password=" + System.getProperty("spring.datasource.password"),
                "--trainyard.jobs.poll-interval=500ms",
                "--trainyard.ray.token-dir=" + JobKit.TOKENS,
                "--trainyard.mlflow.user-secret=" + MlflowServer.current().userSecret(),
                "--trainyard.service-token=service-token-of-the-tests-0123456789abcdef",
                "--trainyard.jobs.mlflow-tracking-uri=" + MlflowServer.current().url(),
                "--trainyard.jobs.python=" + PythonEnv.bin("python"),
                "--trainyard.jobs.checkpoint-storage=" + work.resolve("checkpoints"),
                "--trainyard.jobs.uploads.root=" + work.resolve("blobs")),
            work.resolve(name + ".log"));
    return process;
  }
}
