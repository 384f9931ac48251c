package io.trainyard.environment.adapters.kafka;

import io.trainyard.contracts.environment.EnvironmentEvent;
import io.trainyard.environment.domain.EnvironmentEvents;
import io.trainyard.platform.jdbc.Outbox;
import io.trainyard.platform.kafka.EventIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

@Component
class OutboxEnvironmentEvents implements EnvironmentEvents {

  private static final Logger log = LoggerFactory.getLogger(OutboxEnvironmentEvents.class);

  private final Outbox outbox;

  OutboxEnvironmentEvents(Outbox outbox) {
    this.outbox = outbox;
  }

  @Override
  public void publish(String causationId, EnvironmentEvent event) {
    log.info("{}", event);
    outbox.add(EventIds.derived(causationId, event), event);
  }
}
