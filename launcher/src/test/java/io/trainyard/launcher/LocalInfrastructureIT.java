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

  @Test
  void brokerKeepsAcknowledgedRecordsAcrossARestartAndPostgresKeepsItsDatabases() throws Exception {
    Path data = Files.createTempDirectory("ty-infra");
    int port = freePort();
    int controller = freePort();
    int pg = freePort();

    try (LocalKafka kafka = LocalKafka.start(data.resolve("kafka"), port, controller)) {
      try (var producer =
          new KafkaProducer<>(
              Map.<String, Object>of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  kafka.bootstrapServers(),
                  ProducerConfig.ACKS_CONFIG,
                  "all"),
              new StringSerializer(),
              new StringSerializer())) {
        producer.send(new ProducerRecord<>("kept", "k", "before restart")).get();
      }
    }
    try (LocalKafka kafka = LocalKafka.start(data.resolve("kafka"), port, controller);
        var consumer =
            new KafkaConsumer<>(
                Map.<String, Object>of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "check",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
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
