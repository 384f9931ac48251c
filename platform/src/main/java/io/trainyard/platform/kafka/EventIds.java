package io.trainyard.platform.kafka;

import io.trainyard.contracts.EventCatalog;
import io.trainyard.contracts.TrainyardEvent;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Event ids derived from what caused the event, so that handling the same input twice publishes the
 * same {@code ce_id} twice and consumers drop the second copy.
 */
public final class EventIds {

  private EventIds() {}

  public static String derived(String causationId, TrainyardEvent event) {
    String seed = causationId + "|" + EventCatalog.of(event).type() + "|" + event.key();
    return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
  }

  public static String random() {
    return UUID.randomUUID().toString();
  }
}
