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
