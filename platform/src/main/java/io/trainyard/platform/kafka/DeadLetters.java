package io.trainyard.platform.kafka;

import io.trainyard.contracts.codec.InvalidEventException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** The headers that say, beside Spring's kafka_dlt-original-*, who refused a record and why. */
public final class DeadLetters {

  public static final String REASON = "trainyard_dlq_reason";
  public static final String CONSUMER = "trainyard_dlq_consumer";
  public static final String FAILURE = "trainyard_dlq_failure";

  /** Reasons are for people; a header of a page is plenty. */
  private static final int MAX_REASON = 2000;

  private DeadLetters() {}

  /**
   * A dead letter a consumer writes itself, when the original must not be kept as it came (an
   * intake request's token): {@code value} in its place, with the same headers as any other.
   */
  public static org.apache.kafka.clients.producer.ProducerRecord<String, byte[]> of(
      String dlqTopic,
      String consumer,
      String originalTopic,
      int partition,
      long offset,
      String key,
      byte[] value,
      String reason) {
    var record =
        new org.apache.kafka.clients.producer.ProducerRecord<String, byte[]>(dlqTopic, key, value);
    Headers headers = headers(consumer, new InvalidEventException(reason));
    headers.forEach(h -> record.headers().add(h));
    record
        .headers()
        .add("kafka_dlt-original-topic", originalTopic.getBytes(StandardCharsets.UTF_8));
    record
        .headers()
        .add(
            "kafka_dlt-original-partition",
            java.nio.ByteBuffer.allocate(4).putInt(partition).array());
    record
        .headers()
        .add("kafka_dlt-original-offset", java.nio.ByteBuffer.allocate(8).putLong(offset).array());
    return record;
  }

  static Headers headers(String consumer, Exception e) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(REASON, reason(e).getBytes(StandardCharsets.UTF_8));
    headers.add(CONSUMER, consumer.getBytes(StandardCharsets.UTF_8));
    headers.add(FAILURE, Failure.of(e).name().getBytes(StandardCharsets.UTF_8));
    return headers;
  }

  static String reason(Throwable e) {
    String reason = explain(e);
    return reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + " [cut]" : reason;
  }

  private static String explain(Throwable e) {
    Throwable cause = e;
    while (cause != null) {
      if (cause instanceof InvalidEventException || cause instanceof UnresolvedReferenceException) {
        return cause.getMessage();
      }
      cause = cause.getCause();
    }
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
