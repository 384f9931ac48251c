package io.trainyard.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.trainyard.contracts.job.JobCancelRequested;
import io.trainyard.platform.jdbc.Outbox;
import io.trainyard.platform.kafka.DeadLetters;
import io.trainyard.platform.kafka.EventPublisher;
import io.trainyard.testsupport.KafkaBroker;
import io.trainyard.testsupport.Postgres;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

@ExtendWith({KafkaBroker.class, Postgres.class})
@SpringBootTest(classes = TestApp.class)
class PlatformIT {

  private static KafkaConsumer<String, byte[]> dlq;
  private static KafkaConsumer<String, byte[]> jobs;
  private static final List<ConsumerRecord<String, byte[]>> dlqSeen = new ArrayList<>();
  private static final List<ConsumerRecord<String, byte[]>> jobsSeen = new ArrayList<>();

  @Autowired TestApp.Handler handler;
  @Autowired EventPublisher publisher;
  @Autowired Outbox outbox;
  @Autowired TransactionTemplate tx;
  @Autowired JdbcClient jdbc;
  @Autowired KafkaTemplate<String, byte[]> kafka;

  @BeforeAll
  static void watchTopics() {
    dlq = consumer("trainyard.dlq");
    jobs = consumer("trainyard.jobs");
  }

  @AfterAll
  static void close() {
    dlq.close();
    jobs.close();
  }

  @Test
  void malformedRecordGoesToTheDeadLetterTopicWithItsReasonAndTheNextOneIsHandled() {
    kafka.send(new ProducerRecord<>("trainyard.jobs", "bad-1", "not json".getBytes()));
    publisher.publishAndWait("ok-1", new JobCancelRequested("good-1", "ada"));

    await().atMost(Duration.ofSeconds(20)).until(() -> handledIds().contains("ok-1"));
    ConsumerRecord<String, byte[]> dead = awaitRecord(dlq, dlqSeen, "bad-1");
    assertThat(header(dead, DeadLetters.REASON)).startsWith("missing header ce_specversion");
    assertThat(header(dead, "kafka_dlt-original-topic")).isEqualTo("trainyard.jobs");
    assertThat(header(dead, DeadLetters.CONSUMER)).isEqualTo("platform-test");
    assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("not json");
  }

  @Test
  void transientFailureIsRetriedUntilItPassesAndNeverDeadLettered() {
    publisher.publishAndWait("flaky-event", new JobCancelRequested("flaky-1", "ada"));

    await().atMost(Duration.ofSeconds(20)).until(() -> handledIds().contains("flaky-event"));
    assertThat(handler.flakyFailures.get()).isGreaterThanOrEqualTo(3);
    pollInto(dlq, dlqSeen);
    assertThat(dlqSeen).noneMatch(r -> "flaky-1".equals(r.key()));
  }

  @Test
  void redeliveredEventHasNoSecondEffect() {
    publisher.publishAndWait("twice", new JobCancelRequested("twice-1", "ada"));
    publisher.publishAndWait("twice", new JobCancelRequested("twice-1", "ada"));
    publisher.publishAndWait("after-twice", new JobCancelRequested("twice-2", "ada"));

    await().atMost(Duration.ofSeconds(20)).until(() -> handledIds().contains("after-twice"));
    assertThat(handledIds().stream().filter("twice"::equals)).hasSize(1);
  }

  @Test
  void everyLogLineAboutARecordCarriesItsJobId() {
    publisher.publishAndWait("mdc-1", new JobCancelRequested("mdc-job", "ada"));

    await().atMost(Duration.ofSeconds(20)).until(() -> handledIds().contains("mdc-1"));
    assertThat(handler.loggedJobIds).contains("mdc-job");
  }

  @Test
  void outboxPublishesCommittedEventsAndNothingFromARolledBackTransaction() {
    tx.executeWithoutResult(
        s -> outbox.add("outbox-committed", new JobCancelRequested("outbox-1", "ada")));
    tx.executeWithoutResult(
        s -> {
          outbox.add("outbox-rolled-back", new JobCancelRequested("outbox-2", "ada"));
          s.setRollbackOnly();
        });

    ConsumerRecord<String, byte[]> published = awaitRecord(jobs, jobsSeen, "outbox-1");
    assertThat(header(published, "ce_id")).isEqualTo("outbox-committed");
    assertThat(header(published, "ce_type")).isEqualTo("io.trainyard.job.cancel-requested.v1");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> jdbc.sql("SELECT count(*) FROM outbox").query(Long.class).single() == 0);
    pollInto(jobs, jobsSeen);
    assertThat(jobsSeen).noneMatch(r -> "outbox-2".equals(r.key()));
  }

  private List<String> handledIds() {
    return handler.handled.stream().map(e -> e.id()).toList();
  }

  private static ConsumerRecord<String, byte[]> awaitRecord(
      KafkaConsumer<String, byte[]> consumer,
      List<ConsumerRecord<String, byte[]>> seen,
      String key) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              pollInto(consumer, seen);
              return seen.stream().anyMatch(r -> key.equals(r.key()));
            });
    return seen.stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow();
  }

  private static synchronized void pollInto(
      KafkaConsumer<String, byte[]> consumer, List<ConsumerRecord<String, byte[]>> seen) {
    consumer.poll(Duration.ofMillis(300)).forEach(seen::add);
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static KafkaConsumer<String, byte[]> consumer(String topic) {
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBroker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "watch-" + topic + "-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    consumer.subscribe(List.of(topic));
    return consumer;
  }
}
