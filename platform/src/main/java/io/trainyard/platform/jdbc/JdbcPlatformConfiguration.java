package io.trainyard.platform.jdbc;

import io.trainyard.platform.kafka.EventPublisher;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Inbox and outbox, for the services that keep state in PostgreSQL. */
@Configuration(proxyBeanMethods = false)
public class JdbcPlatformConfiguration {

  @Bean
  Inbox inbox(JdbcClient jdbc, TransactionTemplate tx, Clock clock) {
    return new Inbox(jdbc, tx, clock);
  }

  @Bean
  OutboxRelay outboxRelay(
      JdbcClient jdbc,
      TransactionTemplate tx,
      KafkaTemplate<String, byte[]> kafka,
      @Value("${trainyard.outbox.idle-poll:1s}") Duration idlePoll) {
    return new OutboxRelay(jdbc, tx, kafka, idlePoll);
  }

  /** Deliveries are redelivered within minutes or hours, never weeks: older ones are forgotten. */
  @Bean
  InboxPruner inboxPruner(
      Inbox inbox, Clock clock, @Value("${trainyard.inbox.keep:14d}") Duration keep) {
    return new InboxPruner(inbox, clock, keep);
  }

  @Bean
  Outbox outbox(JdbcClient jdbc, EventPublisher publisher, OutboxRelay relay, Clock clock) {
    return new Outbox(jdbc, publisher, relay, clock);
  }
}
