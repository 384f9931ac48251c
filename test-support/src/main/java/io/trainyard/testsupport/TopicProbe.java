package io.trainyard.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

/** Raw access to topics on the test broker: send any bytes, wait for a matching record. */
public final class TopicProbe implements AutoCloseable {

  private final KafkaConsumer<String, byte[]> consumer;
  private final List<ConsumerRecord<String, byte[]>> seen = new CopyOnWriteArrayList<>();

  /** Follows {@code topics} from their beginning. */
  public TopicProbe(String... topics) {
    consumer =
        new KafkaConsumer<>(
            with(
                KafkaBroker.adminClient(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "probe-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    consumer.subscribe(List.of(topics));
  }

  /** {@code config} with more entries: key, value, key, value... */
  public static Map<String, Object> with(Map<String, Object> config, Object... entries) {
    Map<String, Object> out = new java.util.HashMap<>(config);
    for (int i = 0; i < entries.length; i += 2) {
      out.put((String) entries[i], entries[i + 1]);
    }
    return out;
  }

  public static void send(String topic, String key, Map<String, String> headers, byte[] value) {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            with(KafkaBroker.adminClient(), ProducerConfig.ACKS_CONFIG, "all"),
            new StringSerializer(),
            new ByteArraySerializer())) {
      ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
      headers.forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
      producer.send(record).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Binary-mode CloudEvents headers for {@code type}. */
  public static Map<String, String> cloudEventHeaders(String id, String type) {
    return Map.of(
        "content-type", "application/json",
        "ce_specversion", "1.0",
        "ce_id", id,
        "ce_source", "/test",
        "ce_type", type,
        "ce_time", "2026-11-28T12:00:00Z");
  }

  public ConsumerRecord<String, byte[]> await(Predicate<ConsumerRecord<String, byte[]>> match) {
    return await(match, Duration.ofSeconds(30));
  }

  public ConsumerRecord<String, byte[]> await(
      Predicate<ConsumerRecord<String, byte[]>> match, Duration timeout) {
    Awaitility.await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              poll();
              return seen.stream().anyMatch(match);
            });
    return seen.stream().filter(match).findFirst().orElseThrow();
  }

  /** Everything seen so far, after one more short poll. */
  public List<ConsumerRecord<String, byte[]>> seen() {
    poll();
    return List.copyOf(seen);
  }

  private synchronized void poll() {
    consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
  }

  public static Predicate<ConsumerRecord<String, byte[]>> key(String key) {
    return r -> key.equals(r.key());
  }

  public static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  public static String value(ConsumerRecord<String, byte[]> record) {
    return new String(record.value(), StandardCharsets.UTF_8);
  }

  @Override
  public synchronized void close() {
    consumer.close();
  }
}
