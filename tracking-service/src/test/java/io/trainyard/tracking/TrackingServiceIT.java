package io.trainyard.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.trainyard.testsupport.DeadLetterChecks;
import io.trainyard.testsupport.KafkaBroker;
import io.trainyard.testsupport.MlflowServer;
import io.trainyard.testsupport.TopicProbe;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;

@ExtendWith({KafkaBroker.class, MlflowServer.class})
@SpringBootTest(properties = "trainyard.kafka.retry-max=1s")
class TrackingServiceIT {

  private final HttpClient http = HttpClient.newHttpClient();

  static String submitted(String jobId, String owner) {
    return """
        {"jobId":"%s","owner":"%s","environment":"default","template":"digits-mlp",
         "hyperparameters":{"epochs":3,"learningRate":0.01},"workers":2,
         "resources":{"cpuPerWorker":1,"memoryGiPerWorker":2,"gpusPerWorker":0}}
        """
        .formatted(jobId, owner);
  }

  @Test
  void jobsTopicDeadLettersMalformedRecordsAndMakesAnMlflowRunForTheNextSubmission()
      throws Exception {
    try (TopicProbe tracking = new TopicProbe("trainyard.tracking")) {
      DeadLetterChecks.sendMalformedThenValid(
          "trainyard.jobs",
          "io.trainyard.job.submitted.v1",
          "track-1",
          submitted("track-1", "ada"),
          "track-1-submitted",
          "tracking-service");

      var created = tracking.await(TopicProbe.key("track-1"));
      assertThat(TopicProbe.header(created, "ce_type"))
          .isEqualTo("io.trainyard.tracking.run-created.v1");
      String runs = searchRuns("trainyard/ada", "track-1");
      assertThat(runs).contains("\"key\":\"epochs\",\"value\":\"3\"");
      assertThat(runs).contains("digits-mlp-track-1");
    }
  }

  @Test
  void duplicatedSubmissionMakesOneRunAndOneAnnouncement() throws Exception {
    try (TopicProbe tracking = new TopicProbe("trainyard.tracking")) {
      for (String id : new String[] {"dup-a", "dup-b"}) {
        TopicProbe.send(
            "trainyard.jobs",
            "dup-1",
            TopicProbe.cloudEventHeaders(id, "io.trainyard.job.submitted.v1"),
            submitted("dup-1", "bob").getBytes(StandardCharsets.UTF_8));
      }
      tracking.await(TopicProbe.key("dup-1"));
      Thread.sleep(2000);

      var announcements = tracking.seen().stream().filter(TopicProbe.key("dup-1")).toList();
      assertThat(announcements.stream().map(r -> TopicProbe.header(r, "ce_id")).distinct())
          .hasSize(1);
      assertThat(searchRuns("trainyard/bob", "dup-1").split("\"run_id\"", -1)).hasSize(2);
    }
  }

  @Test
  void whileMlflowIsDownEventsWaitAndNothingIsLostOrDeadLettered() throws Exception {
    MlflowServer mlflow = MlflowServer.current();
    try (TopicProbe tracking = new TopicProbe("trainyard.tracking");
        TopicProbe dlq = new TopicProbe("trainyard.dlq")) {
      mlflow.stop();
      TopicProbe.send(
          "trainyard.jobs",
          "outage-1",
          TopicProbe.cloudEventHeaders("outage-1-submitted", "io.trainyard.job.submitted.v1"),
          submitted("outage-1", "carol").getBytes(StandardCharsets.UTF_8));
      Thread.sleep(3000);
      assertThat(tracking.seen()).noneMatch(TopicProbe.key("outage-1"));
      mlflow.restart();

      tracking.await(TopicProbe.key("outage-1"), Duration.ofSeconds(60));
      assertThat(dlq.seen()).noneMatch(TopicProbe.key("outage-1"));
    } finally {
      mlflow.restart();
    }
  }

  private String searchRuns(String experiment, String jobId) throws Exception {
    String base = MlflowServer.current().url() + "/api/2.0/mlflow/";
    String exp =
        http.send(
                HttpRequest.newBuilder(
                        URI.create(
                            base
                                + "experiments/get-by-name?experiment_name="
                                + URLEncoder.encode(experiment, StandardCharsets.UTF_8)))
                    .header("authorization", MlflowServer.current().adminAuthorization())
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    String experimentId = exp.replaceAll("(?s).*\"experiment_id\":\\s*\"([^\"]+)\".*", "$1");
    String body =
        "{\"experiment_ids\":[\""
            + experimentId
            + "\"],\"filter\":\"tags.`trainyard.job_id` = '"
            + jobId
            + "'\"}";
    return http.send(
            HttpRequest.newBuilder(URI.create(base + "runs/search"))
                .header("content-type", "application/json")
                .header("authorization", MlflowServer.current().adminAuthorization())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body()
        .replaceAll("\\s", "");
  }
}
