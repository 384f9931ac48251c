package io.trainyard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
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

class LocalInfrastructureIT {

  private static final String ADMIN = "admin-password-of-the-tests";

  private static Map<String, Object> with(Map<String, Object> config, String key, Object value) {
    Map<String, Object> out = new java.util.HashMap<>(config);
    out.put(key, value);
    return out;
  }

  @Test
  void brokerKeepsAcknowledgedRecordsAcrossARestartAndPostgresKeepsItsDatabases() throws Exception {
    Path data = Files.createTempDirectory("ty-infra");
    int port = freePort();
    int controller = freePort();
    int pg = freePort();

    try (LocalKafka kafka = LocalKafka.start(data.resolve("kafka"), port, controller, ADMIN)) {
      try (var producer =
          new KafkaProducer<>(
              with(kafka.adminClient(), ProducerConfig.ACKS_CONFIG, "all"),
              new StringSerializer(),
              new StringSerializer())) {
        try (var admin = org.apache.kafka.clients.admin.Admin.create(kafka.adminClient())) {
          admin
              .createTopics(
                  List.of(new org.apache.kafka.clients.admin.NewTopic("kept", 1, (short) 1)))
              .all()
              .get();
        }
        producer.send(new ProducerRecord<>("kept", "k", "before restart")).get();
      }
    }
    try (LocalKafka kafka = LocalKafka.start(data.resolve("kafka"), port, controller, ADMIN);
        var consumer =
            new KafkaConsumer<>(
                with(
                    with(kafka.adminClient(), ConsumerConfig.GROUP_ID_CONFIG, "check"),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                    "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
      consumer.subscribe(List.of("kept"));
      ConsumerRecords<String, String> records = ConsumerRecords.empty();
      for (int i = 0; i < 100 && records.isEmpty(); i++) {
        records = consumer.poll(Duration.ofMillis(200));
      }
      assertThat(records.iterator().next().value()).isEqualTo("before restart");
    }

    try (LocalPostgres postgres = LocalPostgres.start(data.resolve("pg"), pg, List.of("a_db"))) {
      try (Connection c =
          DriverManager.getConnection(
              "jdbc:postgresql://127.0.0.1:" + pg + "/a_db", "postgres", "")) {
        c.createStatement().execute("CREATE TABLE t (x int)");
      }
    }
    try (LocalPostgres postgres = LocalPostgres.start(data.resolve("pg"), pg, List.of("a_db"));
        Connection c =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + pg + "/a_db", "postgres", "")) {
      assertThat(c.createStatement().executeQuery("SELECT count(*) FROM t").next()).isTrue();
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
