package io.trainyard.job.adapters.kafka;

import io.trainyard.contracts.TrainyardEvent;
import io.trainyard.job.domain.JobEvents;
import io.trainyard.platform.jdbc.Outbox;
import io.trainyard.platform.kafka.EventIds;
import org.springframework.stereotype.Component;

/** Job events leave through the outbox, in the transaction of the change that caused them. */
@Component
class OutboxJobEvents implements JobEvents {

  private final Outbox outbox;

  OutboxJobEvents(Outbox outbox) {
    this.outbox = outbox;
  }

  @Override
  public void publish(String causationId, TrainyardEvent event) {
    outbox.add(EventIds.derived(causationId, event), event);
  }
}
