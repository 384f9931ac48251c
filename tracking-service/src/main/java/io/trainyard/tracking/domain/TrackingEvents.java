package io.trainyard.tracking.domain;

import io.trainyard.contracts.tracking.TrackingEvent;

public interface TrackingEvents {

  /** Publishes and returns once Kafka acknowledged it; {@code dedupeKey} fixes the event id. */
  void publish(String dedupeKey, TrackingEvent event);
}
