package io.trainyard.contracts.codec;

import io.trainyard.contracts.TrainyardEvent;
import java.time.Instant;
import java.util.Objects;

/** A CloudEvents 1.0 envelope around one catalogue event. */
public record CloudEvent(String id, String source, String type, Instant time, TrainyardEvent data) {

  public CloudEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(data, "data");
  }

  public String subject() {
    return data.key();
  }
}
