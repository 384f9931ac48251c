package io.trainyard.tracking.adapters.kafka;

import io.trainyard.contracts.tracking.TrackingEvent;
import io.trainyard.platform.kafka.EventIds;
import io.trainyard.platform.kafka.EventPublisher;
import io.trainyard.tracking.domain.TrackingEvents;
import org.springframework.stereotype.Component;

/** Sends synchronously: the job event's offset is committed only after this is acknowledged. */
@Component
class KafkaTrackingEvents implements TrackingEvents {

  private final EventPublisher publisher;

  KafkaTrackingEvents(EventPublisher publisher) {
    this.publisher = publisher;
  }

  @Override
  public void publish(String dedupeKey, TrackingEvent event) {
    publisher.publishAndWait(EventIds.derived(dedupeKey, event), event);
  }
}
