package io.trainyard.platform.jdbc;

import io.trainyard.contracts.codec.CloudEvent;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Idempotent consumption: the state change an event causes and the record that it was handled
 * commit together, so a redelivery after a crash has no second effect.
 */
public class Inbox {

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;

  public Inbox(JdbcClient jdbc, TransactionTemplate tx, Clock clock) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
  }

  /** Runs {@code effect} in a transaction unless {@code consumer} already handled the event. */
  public boolean handleOnce(String consumer, CloudEvent event, Runnable effect) {
    Boolean handled =
        tx.execute(
            status -> {
              if (!firstDelivery(consumer, event.id())) {
                return false;
              }
              effect.run();
              return true;
            });
    return Boolean.TRUE.equals(handled);
  }

  /** Records the delivery; true the first time. Call inside the transaction of the effect. */
  public boolean firstDelivery(String consumer, String eventId) {
    return jdbc.sql(
                "INSERT INTO inbox (consumer, event_id, received_at) VALUES (?, ?, ?)"
                    + " ON CONFLICT DO NOTHING")
            .params(consumer, eventId, Timestamp.from(clock.instant()))
            .update()
        == 1;
  }

  /** Forgets deliveries older than {@code before}; redeliveries come within minutes, not days. */
  public int prune(Instant before) {
    return jdbc.sql("DELETE FROM inbox WHERE received_at < ?")
        .param(Timestamp.from(before))
        .update();
  }
}
