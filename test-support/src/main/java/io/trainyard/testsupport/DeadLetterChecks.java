package io.trainyard.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The must-have of every consumer: each kind of malformed record lands in the DLQ with its reason,
 * and the consumer goes on to handle the valid record sent after them.
 */
public final class DeadLetterChecks {

  private static final ObjectMapper JSON = new ObjectMapper();

  private DeadLetterChecks() {}

  /**
   * Sends to {@code topic}: a value that is not JSON, an unknown ce_type, {@code validJson} without
   * its "owner", {@code validJson} with "owner" a number, and an event of another topic's family;
   * then {@code validJson} itself with id {@code validId}. Returns once every bad one is in the DLQ
   * with a reason naming the problem; the caller then checks that the valid one was handled.
   */
  public static void sendMalformedThenValid(
      String topic, String type, String key, String validJson, String validId, String consumer)
      throws Exception {
    ObjectNode valid = (ObjectNode) JSON.readTree(validJson);
    ObjectNode missing = valid.deepCopy();
    missing.remove("owner");
    ObjectNode wrongType = valid.deepCopy();
    wrongType.put("owner", 42);
    String foreignType =
        type.startsWith("io.trainyard.environment.")
            ? "io.trainyard.job.cancel-requested.v1"
            : "io.trainyard.environment.delete-requested.v1";
    Map<String, Case> cases = new LinkedHashMap<>();
    cases.put("not-json", new Case(type, "{not json", "not JSON"));
    cases.put(
        "unknown-type", new Case("io.trainyard.job.exploded.v1", validJson, "unknown ce_type"));
    cases.put("missing-field", new Case(type, missing.toString(), "owner"));
    cases.put("wrong-type", new Case(type, wrongType.toString(), "integer found, string expected"));
    cases.put(
        "wrong-topic",
        new Case(
            foreignType, "{\"jobId\":\"j\",\"owner\":\"o\",\"name\":\"n\"}", "does not belong on"));

    String run = UUID.randomUUID().toString().substring(0, 8);
    try (TopicProbe dlq = new TopicProbe("trainyard.dlq")) {
      for (var entry : cases.entrySet()) {
        Case c = entry.getValue();
        TopicProbe.send(
            topic,
            key + "-" + entry.getKey() + "-" + run,
            TopicProbe.cloudEventHeaders(entry.getKey() + "-" + run, c.type()),
            c.value().getBytes(StandardCharsets.UTF_8));
      }
      TopicProbe.send(
          topic,
          key,
          TopicProbe.cloudEventHeaders(validId, type),
          validJson.getBytes(StandardCharsets.UTF_8));
      for (var entry : cases.entrySet()) {
        ConsumerRecord<String, byte[]> dead =
            dlq.await(
                r ->
                    (key + "-" + entry.getKey() + "-" + run).equals(r.key())
                        && consumer.equals(TopicProbe.header(r, "trainyard_dlq_consumer")));
        assertThat(TopicProbe.header(dead, "trainyard_dlq_reason"))
            .as(entry.getKey())
            .contains(entry.getValue().reason());
        assertThat(TopicProbe.header(dead, "kafka_dlt-original-topic")).isEqualTo(topic);
        assertThat(dead.headers().lastHeader("kafka_dlt-original-offset")).isNotNull();
        assertThat(dead.value())
            .isEqualTo(entry.getValue().value().getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private record Case(String type, String value, String reason) {}
}
