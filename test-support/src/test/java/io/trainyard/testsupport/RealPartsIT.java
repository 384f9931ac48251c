package io.trainyard.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({KafkaBroker.class, Postgres.class, MlflowServer.class})
class RealPartsIT {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void kafkaBrokerDeliversWhatWasAcknowledgedByAllReplicas() throws Exception {
    Map<String, Object> common = KafkaBroker.adminClient();
    try (var producer =
        new KafkaProducer<>(
            merge(common, Map.of(ProducerConfig.ACKS_CONFIG, "all")),
            new StringSerializer(),
            new StringSerializer())) {
      producer.send(new ProducerRecord<>("fixture-check", "k", "hello")).get();
    }
    try (var consumer =
        new KafkaConsumer<>(
            merge(
                common,
                Map.of(
                    ConsumerConfig.GROUP_ID_CONFIG, "fixture",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of("fixture-check"));
      ConsumerRecords<String, String> records = ConsumerRecords.empty();
      for (int i = 0; i < 50 && records.isEmpty(); i++) {
        records = consumer.poll(Duration.ofMillis(200));
      }
      assertThat(records.iterator().next().value()).isEqualTo("hello");
    }
  }

  @Test
  void postgresIsARealServer() throws Exception {
    try (Connection c = Postgres.connect();
        ResultSet r = c.createStatement().executeQuery("select version()")) {
      r.next();
      assertThat(r.getString(1)).startsWith("PostgreSQL");
    }
  }

  @Test
  void mlflowServerCreatesExperimentsAndSurvivesARestart() throws Exception {
    MlflowServer mlflow = MlflowServer.current();
    String body = "{\"name\":\"fixture-check\"}";
    assertThat(post(mlflow.url() + "/api/2.0/mlflow/experiments/create", body, null).statusCode())
        .isEqualTo(401);
    HttpResponse<String> created =
        post(
            mlflow.url() + "/api/2.0/mlflow/experiments/create", body, mlflow.adminAuthorization());
    assertThat(created.statusCode()).isEqualTo(200);

    mlflow.stop();
    assertThat(LocalProcess.answers(mlflow.url() + "/health")).isFalse();
    mlflow.restart();

    HttpResponse<String> found =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        mlflow.url()
                            + "/api/2.0/mlflow/experiments/get-by-name?experiment_name=fixture-check"))
                .header("authorization", mlflow.adminAuthorization())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(found.body()).contains("fixture-check");
  }

  @Test
  void rayHeadAnswersTheJobsApiAndLeavesNoProcessWhenClosed() throws Exception {
    RayHead head = RayHead.start(1);
    try {
      URI versionUri = URI.create(head.dashboardUrl() + "/api/version");
      HttpResponse<String> anonymous =
          http.send(
              HttpRequest.newBuilder(versionUri).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(anonymous.statusCode()).isEqualTo(401);
      HttpResponse<String> version =
          http.send(
              HttpRequest.newBuilder(versionUri)
                  .header("authorization", head.authorization())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(version.body()).contains("ray_version");
      assertThat(head.leftoverProcesses()).isNotEmpty();
    } finally {
      head.close();
    }
    assertThat(head.leftoverProcesses()).isEmpty();
  }

  private HttpResponse<String> post(String url, String json, String authorization)
      throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create(url))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (authorization != null) {
      request.header("authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Map<String, Object> merge(Map<String, Object> a, Map<String, Object> b) {
    var all = new java.util.HashMap<>(a);
    all.putAll(b);
    return all;
  }
}
