package io.trainyard.environment.adapters.kafka;

import io.trainyard.contracts.environment.EnvironmentEvent;
import io.trainyard.environment.domain.EnvironmentEvents;
import io.trainyard.platform.jdbc.Outbox;
import io.trainyard.platform.kafka.EventIds;
import org.springframework.stereotype.Component;

@Component
class OutboxEnvironmentEvents implements EnvironmentEvents {

  private final Outbox outbox;

  OutboxEnvironmentEvents(Outbox outbox) {
    this.outbox = outbox;
  }

  @Override
  public void publish(String causationId, EnvironmentEvent event) {
    outbox.add(EventIds.derived(causationId, event), event);
  }
}
