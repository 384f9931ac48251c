package io.trainyard.bench;

import io.trainyard.contracts.TrainyardEvent;
import io.trainyard.contracts.codec.CloudEvent;
import io.trainyard.contracts.codec.CloudEventCodec;
import io.trainyard.contracts.codec.EncodedEvent;
import io.trainyard.launcher.LocalKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The local stack's broker as its operator reaches it ({@code ./trainyard up}'s secrets): events
 * sent as the platform's services send them, and the state topics followed from now on.
 */
final class StackEvents implements AutoCloseable {

  private static final CloudEventCodec CODEC = new CloudEventCodec();

  /** The local stack's state: its clusters' tokens and its secrets, as an operator has them. */
  static final Path STATE = Path.of(System.getenv().getOrDefault("TRAINYARD_HOME", ".trainyard"));

  private final String bootstrap;
  private final KafkaProducer<String, byte[]> producer;
  private final KafkaConsumer<String, byte[]> consumer;
  private final List<CloudEvent> seen = new ArrayList<>();

  StackEvents(String bootstrap) {
    this.bootstrap = bootstrap;
    Map<String, Object> admin = LocalKafka.client(bootstrap, "admin", secret("kafka-admin"));
    Map<String, Object> producing = new java.util.HashMap<>(admin);
    producing.put("acks", "all");
    producer = new KafkaProducer<>(producing, new StringSerializer(), new ByteArraySerializer());
    Map<String, Object> consuming = new java.util.HashMap<>(admin);
    consuming.put("group.id", "bench-" + UUID.randomUUID());
    consuming.put("auto.offset.reset", "latest");
    consumer =
        new KafkaConsumer<>(consuming, new StringDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of("trainyard.jobs", "trainyard.environments", "trainyard.tracking"));
    while (consumer.assignment().isEmpty()) {
      consumer.poll(Duration.ofMillis(100));
    }
  }

  void send(String topic, TrainyardEvent event) {
    EncodedEvent encoded =
        CODEC.encode(
            CODEC.envelope(
                UUID.randomUUID().toString(), "/bench", Clock.systemUTC().instant(), event));
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(topic, event.key(), encoded.value());
    encoded.headers().forEach((k, v) -> record.headers().add(k, v));
    try {
      producer.send(record).get();
    } catch (Exception e) {
      throw new IllegalStateException("cannot reach Kafka at " + bootstrap, e);
    }
  }

  /** The first event seen since this started that matches, waiting for it up to {@code timeout}. */
  TrainyardEvent await(Predicate<TrainyardEvent> match, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      poll();
      for (CloudEvent e : seen) {
        if (match.test(e.data())) {
          return e.data();
        }
      }
    }
    throw new IllegalStateException("nothing matched within " + timeout);
  }

  /** Everything seen so far. */
  List<CloudEvent> seen() {
    poll();
    return List.copyOf(seen);
  }

  private void poll() {
    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(20))) {
      try {
        seen.add(
            CODEC.decode(
                name ->
                    r.headers().lastHeader(name) == null
                        ? null
                        : r.headers().lastHeader(name).value(),
                r.value()));
      } catch (RuntimeException ignored) {
        // not ours to judge: the services dead-letter it
      }
    }
  }

  static String secret(String name) {
    try {
      return Files.readString(STATE.resolve("secrets").resolve(name)).strip();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("the stack's " + name + ", as ./trainyard made it", e);
    }
  }

  @Override
  public void close() {
    producer.close();
    consumer.close();
  }
}
