package io.trainyard.platform.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.trainyard.contracts.TrainyardEvent;
import io.trainyard.contracts.codec.CloudEventCodec;
import io.trainyard.platform.kafka.EventPublisher;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Writes events in the caller's transaction; {@link OutboxRelay} publishes them after commit. */
public class Outbox {

  private final JdbcClient jdbc;
  private final EventPublisher publisher;
  private final OutboxRelay relay;
  private final Clock clock;

  public Outbox(JdbcClient jdbc, EventPublisher publisher, OutboxRelay relay, Clock clock) {
    this.jdbc = jdbc;
    this.publisher = publisher;
    this.relay = relay;
    this.clock = clock;
  }

  public void add(String eventId, TrainyardEvent event) {
    if (!TransactionSynchronizationManager.isActualTransactionActive()) {
      throw new IllegalStateException("Outbox.add needs the transaction of the state change");
    }
    ProducerRecord<String, byte[]> record = publisher.record(eventId, event);
    Map<String, String> headers = new LinkedHashMap<>();
    for (Header header : record.headers()) {
      headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
    }
    String headerJson;
    try {
      headerJson = CloudEventCodec.mapper().writeValueAsString(headers);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
    jdbc.sql(
            "INSERT INTO outbox (event_id, topic, record_key, headers, value, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)")
        .params(
            eventId,
            record.topic(),
            record.key(),
            headerJson,
            record.value(),
            Timestamp.from(clock.instant()))
        .update();
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            relay.wake();
          }
        });
  }
}
