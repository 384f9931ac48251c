package io.trainyard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.trainyard.contracts.KafkaAccess;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The local broker grants exactly what KafkaAccess says, and nothing to anyone else. */
class BrokerAccessIT {

  private static final String PASSWORD = "password-of-the-tests-0123456789";
  private static LocalKafka kafka;

  @BeforeAll
  static void start() throws Exception {
    kafka =
        LocalKafka.start(
            Files.createTempDirectory("ty-access"), freePort(), freePort(), "admin-" + PASSWORD);
    Map<String, String> passwords = new HashMap<>();
    KafkaAccess.SERVICES.forEach(s -> passwords.put(s, PASSWORD));
    kafka.grant(passwords, "trainyard.");
    try (var admin = org.apache.kafka.clients.admin.Admin.create(kafka.adminClient())) {
      BrokerAccess.addSystem(admin, "acme", "acme-" + PASSWORD, 6);
    }
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  private static Map<String, Object> as(String user, String password) {
    Map<String, Object> config = LocalKafka.client(kafka.bootstrapServers(), user, password);
    config.put("max.block.ms", "10000");
    config.put("delivery.timeout.ms", "10000");
    config.put("request.timeout.ms", "5000");
    return config;
  }

  private static void send(Map<String, Object> config, String topic) throws Exception {
    try (var producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, "k", "{}")).get(20, TimeUnit.SECONDS);
    }
  }

  private static Throwable failure(Map<String, Object> config, String topic) {
    try {
      send(config, topic);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      return e;
    }
  }

  @Test
  void eachServiceWritesTheTopicsItOwnsAndNoOther() throws Exception {
    send(as(KafkaAccess.JOB, PASSWORD), "trainyard.jobs");
    send(as(KafkaAccess.JOB, PASSWORD), "trainyard.job-logs");
    send(as(KafkaAccess.ENVIRONMENT, PASSWORD), "trainyard.environments");
    assertThat(failure(as(KafkaAccess.TRACKING, PASSWORD), "trainyard.jobs"))
        .isInstanceOf(TopicAuthorizationException.class);
    assertThat(failure(as(KafkaAccess.ENVIRONMENT, PASSWORD), "trainyard.tracking"))
        .isInstanceOf(TopicAuthorizationException.class);
    assertThat(failure(as(KafkaAccess.GATEWAY, PASSWORD), "trainyard.job-logs"))
        .isInstanceOf(TopicAuthorizationException.class);
  }

  @Test
  void theGatewayWritesUsersRequestsOnTheirOwnTopicsAndNoStateTopic() throws Exception {
    send(as(KafkaAccess.GATEWAY, PASSWORD), "trainyard.job-requests");
    send(as(KafkaAccess.GATEWAY, PASSWORD), "trainyard.environment-requests");
    for (String topic : List.of("trainyard.jobs", "trainyard.environments")) {
      assertThat(failure(as(KafkaAccess.GATEWAY, PASSWORD), topic))
          .as(topic)
          .isInstanceOf(TopicAuthorizationException.class);
    }
    assertThat(failure(as(KafkaAccess.TRACKING, PASSWORD), "trainyard.job-requests"))
        .isInstanceOf(TopicAuthorizationException.class);
  }

  @Test
  void anOutsideSystemWritesOnlyTheIntakeAndReadsOnlyItsOwnAnswers() throws Exception {
    Map<String, Object> acme = as(KafkaAccess.system("acme"), "acme-" + PASSWORD);
    send(acme, "trainyard.intake");
    for (String topic : List.of("trainyard.jobs", "trainyard.environments", "trainyard.dlq")) {
      assertThat(failure(acme, topic)).as(topic).isInstanceOf(TopicAuthorizationException.class);
    }
    assertThat(canRead(acme, "trainyard.intake.replies.acme")).isTrue();
    assertThat(canRead(acme, "trainyard.jobs")).isFalse();
  }

  @Test
  void aWrongPasswordOrNoCredentialIsRefused() {
    assertThat(failure(as(KafkaAccess.JOB, "not-the-password"), "trainyard.jobs"))
        .isInstanceOf(SaslAuthenticationException.class);
    Map<String, Object> plaintext = new HashMap<>();
    plaintext.put("bootstrap.servers", kafka.bootstrapServers());
    plaintext.put("max.block.ms", "5000");
    assertThat(failure(plaintext, "trainyard.jobs")).isNotNull();
  }

  private static boolean canRead(Map<String, Object> config, String topic) {
    Map<String, Object> c = new HashMap<>(config);
    c.put("group.id", KafkaAccess.system("acme") + "-check");
    c.put("auto.offset.reset", "earliest");
    try (var consumer =
        new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      consumer.poll(Duration.ofSeconds(5));
      consumer.poll(Duration.ofSeconds(1));
      return true;
    } catch (TopicAuthorizationException e) {
      return false;
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
