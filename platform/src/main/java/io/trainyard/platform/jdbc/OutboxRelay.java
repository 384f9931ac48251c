package io.trainyard.platform.jdbc;

import com.fasterxml.jackson.core.type.TypeReference;
import io.micrometer.core.instrument.Metrics;
import io.trainyard.contracts.codec.CloudEventCodec;
import io.trainyard.platform.loop.WakeableLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes the outbox in insertion order and deletes what Kafka acknowledged. One relay per
 * database at a time (an advisory lock), so replicas never reorder a key's events. A send that
 * fails for now leaves its rows for the next round (at-least-once, with stable ce_ids for consumers
 * to dedupe); a row the broker refuses for good is set aside, so it never blocks the others.
 */
public class OutboxRelay extends WakeableLoop {

  private static final long LOCK = 0x7472_6169_6e79_6172L;
  private static final int BATCH = 500;
  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final KafkaTemplate<String, byte[]> kafka;

  public OutboxRelay(
      JdbcClient jdbc,
      TransactionTemplate tx,
      KafkaTemplate<String, byte[]> kafka,
      Duration idlePoll) {
    super("outbox-relay", idlePoll);
    this.jdbc = jdbc;
    this.tx = tx;
    this.kafka = kafka;
  }

  /**
   * Publishes one batch; returns how many rows left the outbox. A row the broker refuses for good
   * moves to {@code dead_outbox} with the reason; a row it could not take for now (broker down)
   * stays, and so do the rows after it, for the next round.
   */
  public int relayOnce() {
    Integer done =
        tx.execute(
            status -> {
              if (!jdbc.sql("SELECT pg_try_advisory_xact_lock(?)")
                  .param(LOCK)
                  .query(Boolean.class)
                  .single()) {
                return 0;
              }
              List<Row> rows =
                  jdbc.sql(
                          "SELECT id, topic, record_key, headers, value, created_at FROM outbox"
                              + " ORDER BY id LIMIT ?")
                      .param(BATCH)
                      .query(
                          (rs, i) ->
                              new Row(
                                  rs.getLong(1),
                                  rs.getString(2),
                                  rs.getString(3),
                                  rs.getString(4),
                                  rs.getBytes(5),
                                  rs.getTimestamp(6)))
                      .list();
              if (rows.isEmpty()) {
                return 0;
              }
              List<CompletableFuture<?>> acks = new ArrayList<>();
              for (Row row : rows) {
                acks.add(send(row));
              }
              kafka.flush();
              List<Long> sent = new ArrayList<>();
              long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
              for (int i = 0; i < rows.size(); i++) {
                Row row = rows.get(i);
                Throwable failure = outcome(acks.get(i), deadline);
                if (failure == null) {
                  sent.add(row.id());
                } else if (refusedForGood(failure)) {
                  bury(row, failure);
                } else {
                  log.warn(
                      "outbox row {} not published yet, will retry: {}",
                      row.id(),
                      failure.toString());
                  break;
                }
              }
              if (!sent.isEmpty()) {
                jdbc.sql("DELETE FROM outbox WHERE id = ANY(?)")
                    .param(sent.toArray(Long[]::new))
                    .update();
              }
              return sent.size();
            });
    return done == null ? 0 : done;
  }

  private CompletableFuture<?> send(Row row) {
    try {
      return kafka.send(row.record());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Null when acknowledged, else why not; waiting counts towards one deadline for the batch. */
  private static Throwable outcome(CompletableFuture<?> ack, long deadline) {
    try {
      ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return e;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      return e;
    }
  }

  /** The broker will refuse this record every time: it is too large, or not allowed, or bad. */
  static boolean refusedForGood(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof RetriableException
          || t instanceof InterruptedException
          || t instanceof TimeoutException) {
        return false;
      }
      if (t instanceof ApiException
          || t instanceof SerializationException
          || t instanceof java.io.UncheckedIOException
          || t instanceof IllegalArgumentException) {
        return true;
      }
    }
    return false;
  }

  private void bury(Row row, Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String reason = root.getClass().getSimpleName() + ": " + root.getMessage();
    log.error(
        "outbox row {} for {} refused by the broker, moved to dead_outbox: {}",
        row.id(),
        row.topic(),
        reason);
    jdbc.sql(
            "INSERT INTO dead_outbox (id, event_id, topic, record_key, headers, value, created_at,"
                + " reason, failed_at) SELECT id, event_id, topic, record_key, headers, value,"
                + " created_at, ?, now() FROM outbox WHERE id = ? ON CONFLICT (id) DO NOTHING")
        .params(reason, row.id())
        .update();
    jdbc.sql("DELETE FROM outbox WHERE id = ?").param(row.id()).update();
    Metrics.counter("trainyard.outbox.dead", "topic", row.topic()).increment();
  }

  @Override
  protected boolean runOnce() {
    return relayOnce() > 0;
  }

  private record Row(
      long id, String topic, String key, String headers, byte[] value, Timestamp createdAt) {
    ProducerRecord<String, byte[]> record() {
      ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
      Map<String, String> names;
      try {
        names = CloudEventCodec.mapper().readValue(headers, new TypeReference<>() {});
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      names.forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
      return record;
    }
  }
}
