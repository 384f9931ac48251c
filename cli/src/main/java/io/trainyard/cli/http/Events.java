package io.trainyard.cli.http;

import io.trainyard.contracts.EventCatalog;
import io.trainyard.contracts.TrainyardEvent;
import io.trainyard.contracts.codec.CloudEventCodec;
import java.io.IOException;
import java.util.Optional;

/**
 * A stream's event as the platform's own record; a name or shape this build does not know is
 * skipped.
 */
public final class Events {

  private Events() {}

  public static Optional<TrainyardEvent> decode(SseEvent event) {
    return EventCatalog.byStreamName(event.name())
        .flatMap(
            type -> {
              try {
                return Optional.of(
                    (TrainyardEvent)
                        CloudEventCodec.mapper().readValue(event.data(), type.javaType()));
              } catch (IOException e) {
                return Optional.empty();
              }
            });
  }
}
