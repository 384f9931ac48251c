package io.trainyard.platform.jdbc;

import com.fasterxml.jackson.core.type.TypeReference;
import io.trainyard.contracts.codec.CloudEventCodec;
import io.trainyard.platform.loop.WakeableLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes the outbox in insertion order and deletes what Kafka acknowledged. One relay per
 * database at a time (an advisory lock), so replicas never reorder a key's events. A failed send
 * leaves the rows for the next round: at-least-once, with stable ce_ids for consumers to dedupe.
 */
public class OutboxRelay extends WakeableLoop {

  private static final long LOCK = 0x7472_6169_6e79_6172L;
  private static final int BATCH = 500;

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

  /** Publishes one batch; returns how many rows went out. */
  public int relayOnce() {
    Integer sent =
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
                          "SELECT id, topic, record_key, headers, value FROM outbox ORDER BY id LIMIT ?")
                      .param(BATCH)
                      .query(
                          (rs, i) ->
                              new Row(
                                  rs.getLong(1),
                                  rs.getString(2),
                                  rs.getString(3),
                                  rs.getString(4),
                                  rs.getBytes(5)))
                      .list();
              if (rows.isEmpty()) {
                return 0;
              }
              List<CompletableFuture<?>> acks = new ArrayList<>();
              for (Row row : rows) {
                acks.add(kafka.send(row.record()));
              }
              kafka.flush();
              CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                  .orTimeout(30, TimeUnit.SECONDS)
                  .join();
              jdbc.sql("DELETE FROM outbox WHERE id = ANY(?)")
                  .param(rows.stream().map(Row::id).toArray(Long[]::new))
                  .update();
              return rows.size();
            });
    return sent == null ? 0 : sent;
  }

  @Override
  protected boolean runOnce() {
    return relayOnce() > 0;
  }

  private record Row(long id, String topic, String key, String headers, byte[] value) {
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
