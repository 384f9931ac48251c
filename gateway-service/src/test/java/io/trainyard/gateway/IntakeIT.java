package io.trainyard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.contracts.codec.CloudEventCodec;
import io.trainyard.contracts.intake.IntakeRequested;
import io.trainyard.testsupport.KafkaBroker;
import io.trainyard.testsupport.TopicProbe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An outside system on the real broker as its own principal: it writes the intake only, each
 * request with its user's API token, and reads the answers on its own topic.
 */
class IntakeIT extends ApiTestBase {

  private static final CloudEventCodec CODEC = new CloudEventCodec();
  private static Map<String, Object> acme;
  private static KafkaConsumer<String, String> answers;

  @Autowired JdbcClient jdbc;

  @BeforeAll
  static void registerTheSystem() {
    acme = KafkaBroker.addSystem("acme", "acme-password-of-the-tests-0123456789");
    answers =
        new KafkaConsumer<>(
            TopicProbe.with(
                acme,
                "group.id",
                "system-acme-" + UUID.randomUUID(),
                "auto.offset.reset",
                "earliest"),
            new StringDeserializer(),
            new StringDeserializer());
    answers.subscribe(List.of("trainyard.intake.replies.acme"));
  }

  @AfterAll
  static void close() {
    answers.close();
  }

  private String apiToken(String session) {
    return json(as(session)
            .post()
            .uri("/api/tokens")
            .bodyValue(Map.of("name", "acme"))
            .exchange()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody())
        .path("token")
        .asText();
  }

  private static void produce(String topic, IntakeRequested request) throws Exception {
    var encoded =
        CODEC.encode(CODEC.envelope(UUID.randomUUID().toString(), "/acme", Instant.now(), request));
    try (var producer =
        new KafkaProducer<>(
            TopicProbe.with(
                acme,
                "max.block.ms",
                "10000",
                "delivery.timeout.ms",
                "10000",
                "request.timeout.ms",
                "5000"),
            new StringSerializer(),
            new ByteArraySerializer())) {
      var record = new ProducerRecord<>(topic, encoded.key(), encoded.value());
      encoded.headers().forEach((k, v) -> record.headers().add(k, v));
      producer.send(record).get(20, TimeUnit.SECONDS);
    }
  }

  private static IntakeRequested submit(String id, String owner, String token) {
    return new IntakeRequested(
        id,
        "acme",
        owner,
        token,
        IntakeRequested.SUBMIT_JOB,
        new IntakeRequested.Job("default", "digits-mlp", 1, Map.of("epochs", 1), null),
        null,
        null);
  }

  private static final Map<String, JsonNode> ANSWERED =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** The latest answer to {@code requestId}, keeping the others read meanwhile. */
  private static synchronized JsonNode answer(String requestId) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!ANSWERED.containsKey(requestId) && System.nanoTime() < deadline) {
      for (ConsumerRecord<String, String> r : answers.poll(Duration.ofMillis(200))) {
        ANSWERED.put(r.key(), json(r.value()));
      }
    }
    JsonNode answer = ANSWERED.remove(requestId);
    if (answer == null) {
      throw new AssertionError("no answer to " + requestId);
    }
    return answer;
  }

  @Test
  void aRequestWithItsUsersTokenBecomesThatUsersJobAndIsAnsweredOnTheSystemsOwnTopic()
      throws Exception {
    String ada = newUser("intake");
    readyEnvironment(ada, "default", 1, "http://127.0.0.1:9");
    String token = apiToken(ada);
    String requestId = "r-" + UUID.randomUUID();

    produce("trainyard.intake", submit(requestId, username(ada), token));
    JsonNode accepted = answer(requestId);
    assertThat(accepted.path("accepted").asBoolean()).as(accepted.toString()).isTrue();
    assertThat(accepted.path("status").asInt()).isEqualTo(202);
    String jobId = accepted.path("jobId").asText();
    awaitJob(ada, jobId);
    JsonNode job =
        json(
            as(ada)
                .get()
                .uri("/api/jobs/" + jobId)
                .exchange()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
    assertThat(job.path("owner").asText()).isEqualTo(username(ada));
    assertThat(job.path("template").asText()).isEqualTo("digits-mlp");

    produce("trainyard.intake", submit(requestId, username(ada), token));
    assertThat(answer(requestId).path("jobId").asText())
        .as("a repeat is the same job")
        .isEqualTo(jobId);
  }

  @Test
  void anOutsideSystemStartsAndCancelsASweepForItsUserAndAWrongOneIsRefusedNamingTheField()
      throws Exception {
    String ada = newUser("intake");
    readyEnvironment(ada, "default", 2, "http://127.0.0.1:9");
    String token = apiToken(ada);
    Map<String, Object> sweep =
        Map.of(
            "environment",
            "default",
            "template",
            "digits-mlp",
            "workers",
            1,
            "hyperparameters",
            Map.of("epochs", 3),
            "space",
            Map.of("learningRate", Map.of("logUniform", java.util.List.of(0.001, 0.1))),
            "method",
            "random",
            "trials",
            4,
            "maxConcurrent",
            2,
            "earlyStopping",
            Map.of("asha", Map.of("minEpochs", 1)));
    String requestId = "r-" + UUID.randomUUID();
    produce(
        "trainyard.intake",
        new IntakeRequested(
            requestId,
            "acme",
            username(ada),
            token,
            IntakeRequested.START_SWEEP,
            null,
            null,
            null,
            sweep,
            null));
    JsonNode accepted = answer(requestId);
    assertThat(accepted.path("accepted").asBoolean()).as(accepted.toString()).isTrue();
    String sweepId = accepted.path("sweepId").asText();
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> as(ada).get().uri("/api/sweeps/" + sweepId).exchange().expectStatus().isOk());

    String cancelId = "r-" + UUID.randomUUID();
    produce(
        "trainyard.intake",
        new IntakeRequested(
            cancelId,
            "acme",
            username(ada),
            token,
            IntakeRequested.CANCEL_SWEEP,
            null,
            null,
            null,
            null,
            sweepId));
    JsonNode cancelled = answer(cancelId);
    assertThat(cancelled.path("status").asInt()).as(cancelled.toString()).isEqualTo(202);
    assertThat(cancelled.path("sweepId").asText()).isEqualTo(sweepId);

    String wrongId = "r-" + UUID.randomUUID();
    Map<String, Object> wrong = new java.util.HashMap<>(sweep);
    wrong.put("space", Map.of("depth", Map.of("int", java.util.List.of(1, 3))));
    produce(
        "trainyard.intake",
        new IntakeRequested(
            wrongId,
            "acme",
            username(ada),
            token,
            IntakeRequested.START_SWEEP,
            null,
            null,
            null,
            wrong,
            null));
    JsonNode refused = answer(wrongId);
    assertThat(refused.path("accepted").asBoolean()).isFalse();
    assertThat(refused.path("status").asInt()).isEqualTo(400);
    assertThat(refused.path("field").asText()).isEqualTo("space.depth");
  }

  @Test
  void aRequestWithoutItsUsersValidProofIsRefusedWithItsReasonAndDeadLetteredWithoutTheToken()
      throws Exception {
    String ada = newUser("intake");
    String bob = newUser("intake");
    readyEnvironment(bob, "default", 1, "http://127.0.0.1:9");
    String adas = apiToken(ada);
    String revoked = apiToken(bob);
    String revokedId =
        json(as(bob)
                .get()
                .uri("/api/tokens")
                .exchange()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody())
            .get(0)
            .path("id")
            .asText();
    as(bob).delete().uri("/api/tokens/" + revokedId).exchange().expectStatus().is2xxSuccessful();
    String expired = apiToken(bob);
    jdbc.sql(
            "UPDATE api_token SET expires_at = now() - interval '1 day' WHERE owner = ?"
                + " AND expires_at > now()")
        .param(username(bob))
        .update();

    Map<String, IntakeRequested> cases =
        Map.of(
            "a session, not an API token",
                submit("r-session-" + UUID.randomUUID(), username(bob), bob),
            "an unknown token",
                submit("r-unknown-" + UUID.randomUUID(), username(bob), "ty_nobody"),
            "a revoked token", submit("r-revoked-" + UUID.randomUUID(), username(bob), revoked),
            "an expired token", submit("r-expired-" + UUID.randomUUID(), username(bob), expired),
            "another user's token", submit("r-forged-" + UUID.randomUUID(), username(bob), adas));
    try (TopicProbe dlq = new TopicProbe("trainyard.dlq")) {
      for (IntakeRequested request : cases.values()) {
        produce("trainyard.intake", request);
      }
      for (var c : cases.entrySet()) {
        JsonNode refused = answer(c.getValue().requestId());
        assertThat(refused.path("accepted").asBoolean()).as(c.getKey()).isFalse();
        boolean forged = c.getKey().equals("another user's token");
        assertThat(refused.path("status").asInt()).as(c.getKey()).isEqualTo(forged ? 403 : 401);
        assertThat(refused.path("reason").asText())
            .as(c.getKey())
            .contains(forged ? "the token is not " + username(bob) + "'s" : "token");
        ConsumerRecord<String, byte[]> dead =
            dlq.await(r -> c.getValue().requestId().equals(r.key()));
        assertThat(TopicProbe.header(dead, "trainyard_dlq_reason")).startsWith("refused: ");
        assertThat(TopicProbe.header(dead, "kafka_dlt-original-topic"))
            .isEqualTo("trainyard.intake");
        assertThat(new String(dead.value(), StandardCharsets.UTF_8))
            .contains("[redacted]")
            .doesNotContain(c.getValue().token());
      }
    }
    String jobs =
        as(bob)
            .get()
            .uri("/api/jobs")
            .exchange()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    assertThat(json(jobs).path("items")).isEmpty();
  }

  @Test
  void anOutsideSystemCannotWriteAPlatformTopic() {
    assertThatThrownBy(() -> produce("trainyard.jobs", submit("r-x", "ada", "ty_x")))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(TopicAuthorizationException.class);
  }
}
