package io.trainyard.platform.kafka;

import io.trainyard.contracts.codec.InvalidEventException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** The headers that say, beside Spring's kafka_dlt-original-*, who refused a record and why. */
public final class DeadLetters {

  public static final String REASON = "trainyard_dlq_reason";
  public static final String CONSUMER = "trainyard_dlq_consumer";

  private DeadLetters() {}

  static Headers headers(String consumer, Exception e) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(REASON, reason(e).getBytes(StandardCharsets.UTF_8));
    headers.add(CONSUMER, consumer.getBytes(StandardCharsets.UTF_8));
    return headers;
  }

  static String reason(Throwable e) {
    Throwable cause = e;
    while (cause != null) {
      if (cause instanceof InvalidEventException) {
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
