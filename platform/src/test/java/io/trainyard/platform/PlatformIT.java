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
  void anOutageIsRetriedPastTheBindingsAttemptsUntilItPassesAndNeverDeadLettered() {
    publisher.publishAndWait("flaky-event", new JobCancelRequested("flaky-1", "ada"));

    await().atMost(Duration.ofSeconds(30)).until(() -> handledIds().contains("flaky-event"));
    assertThat(handler.flakyFailures.get()).isGreaterThan(TestApp.Handler.FLAKY_FAILURES);
    pollInto(dlq, dlqSeen);
    assertThat(dlqSeen).noneMatch(r -> "flaky-1".equals(r.key()));
  }

  @Test
  void aRecordThatFailsTheSameWayEveryTimeIsDeadLetteredAfterBoundedTriesAndTheNextIsHandled() {
    publisher.publishAndWait("poison-event", new JobCancelRequested("poison-1", "ada"));
    publisher.publishAndWait("after-poison", new JobCancelRequested("fine-after-poison", "ada"));

    ConsumerRecord<String, byte[]> dead = awaitRecord(dlq, dlqSeen, "poison-1");
    assertThat(header(dead, DeadLetters.REASON)).contains("a bug that fails every time");
    assertThat(header(dead, DeadLetters.FAILURE)).isEqualTo("POISON");
    assertThat(handler.poisonTries.get()).isEqualTo(4);
    await().atMost(Duration.ofSeconds(20)).until(() -> handledIds().contains("after-poison"));
  }

  @Test
  void textTheDatabaseRefusesIsDeadLetteredNotRetriedForEver() {
    publisher.publishAndWait("nul-event", new JobCancelRequested("nul-1", "ada"));
    publisher.publishAndWait("after-nul", new JobCancelRequested("fine-after-nul", "ada"));

    ConsumerRecord<String, byte[]> dead = awaitRecord(dlq, dlqSeen, "nul-1");
    assertThat(header(dead, DeadLetters.REASON)).containsIgnoringCase("0x00");
    await().atMost(Duration.ofSeconds(20)).until(() -> handledIds().contains("after-nul"));
    assertThat(handledIds()).doesNotContain("nul-event");
  }

  @Test
  void aReferenceThatNeverResolvesIsDeadLetteredAfterItsBoundedWait() {
    long started = System.nanoTime();
    publisher.publishAndWait("unknown-event", new JobCancelRequested("unknown-1", "ada"));

    ConsumerRecord<String, byte[]> dead = awaitRecord(dlq, dlqSeen, "unknown-1");
    assertThat(header(dead, DeadLetters.FAILURE)).isEqualTo("UNRESOLVED");
    assertThat(header(dead, DeadLetters.REASON)).isEqualTo("job unknown-1 is not known here");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofSeconds(2));
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
  void anOutboxRowTheBrokerRefusesIsSetAsideAndTheRowsBehindItStillGoOut() {
    // 2 MB of reason: over the producer's max.request.size, refused every time it is sent.
    String huge = "x".repeat(2_000_000);
    tx.executeWithoutResult(
        s -> {
          outbox.add(
              "too-large",
              new io.trainyard.contracts.job.JobFailed("big-1", "ada", 1, huge, false));
          outbox.add("behind-too-large", new JobCancelRequested("behind-1", "ada"));
        });

    awaitRecord(jobs, jobsSeen, "behind-1");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> jdbc.sql("SELECT count(*) FROM dead_outbox").query(Long.class).single() == 1);
    String reason =
        jdbc.sql("SELECT reason FROM dead_outbox WHERE event_id = 'too-large'")
            .query(String.class)
            .single();
    assertThat(reason).contains("RecordTooLargeException");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> jdbc.sql("SELECT count(*) FROM outbox").query(Long.class).single() == 0);
  }

  @Test
  void aLoopThatDiesTurnsTheServiceHealthDown(
      @Autowired TestApp.FragileLoop loop,
      @Autowired io.trainyard.platform.loop.LoopsHealth health) {
    assertThat(health.health().getStatus().getCode()).isEqualTo("UP");

    loop.breakNow.set(true);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> health.health().getStatus().getCode().equals("DOWN"));
    assertThat(health.health().getDetails().get("fragile-loop").toString())
        .contains("OutOfMemoryError");
  }

  @Test
  void stateTopicsKeepEverythingAndTheDeadLetterTopicAMonth() throws Exception {
    try (var admin = org.apache.kafka.clients.admin.Admin.create(KafkaBroker.adminClient())) {
      var configs =
          admin
              .describeConfigs(
                  List.of(
                      topic("trainyard.jobs"),
                      topic("trainyard.environments"),
                      topic("trainyard.tracking"),
                      topic("trainyard.dlq")))
              .all()
              .get();
      assertThat(configs.get(topic("trainyard.jobs")).get("retention.ms").value()).isEqualTo("-1");
      assertThat(configs.get(topic("trainyard.environments")).get("retention.ms").value())
          .isEqualTo("-1");
      assertThat(configs.get(topic("trainyard.tracking")).get("retention.ms").value())
          .isEqualTo("-1");
      assertThat(configs.get(topic("trainyard.dlq")).get("retention.ms").value())
          .isEqualTo(Long.toString(Duration.ofDays(30).toMillis()));
    }
  }

  @Test
  void theInboxForgetsDeliveriesOlderThanItKeeps(
      @Autowired io.trainyard.platform.jdbc.Inbox inbox) {
    jdbc.sql(
            "INSERT INTO inbox (consumer, event_id, received_at) VALUES ('old', 'e1', now() - interval '30 days'),"
                + " ('old', 'e2', now())")
        .update();

    assertThat(inbox.prune(java.time.Instant.now().minus(Duration.ofDays(14)))).isEqualTo(1);
    assertThat(
            jdbc.sql("SELECT event_id FROM inbox WHERE consumer = 'old'")
                .query(String.class)
                .list())
        .containsExactly("e2");
  }

  private static org.apache.kafka.common.config.ConfigResource topic(String name) {
    return new org.apache.kafka.common.config.ConfigResource(
        org.apache.kafka.common.config.ConfigResource.Type.TOPIC, name);
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
            io.trainyard.testsupport.TopicProbe.with(
                KafkaBroker.adminClient(),
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
