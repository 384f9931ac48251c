package io.trainyard.platform.kafka;

import io.trainyard.contracts.EventCatalog;
import io.trainyard.contracts.EventType;
import io.trainyard.contracts.TrainyardEvent;
import io.trainyard.contracts.codec.CloudEventCodec;
import io.trainyard.contracts.codec.EncodedEvent;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes catalogue events as binary-mode CloudEvents on their stream's topic, keyed by
 * aggregate. The producer runs with acks=all and idempotence, so an acknowledged event is on every
 * in-sync replica.
 */
public class EventPublisher {

  private final KafkaTemplate<String, byte[]> kafka;
  private final CloudEventCodec codec;
  private final TrainyardKafkaProperties properties;
  private final Clock clock;

  public EventPublisher(
      KafkaTemplate<String, byte[]> kafka,
      CloudEventCodec codec,
      TrainyardKafkaProperties properties,
      Clock clock) {
    this.kafka = kafka;
    this.codec = codec;
    this.properties = properties;
    this.clock = clock;
  }

  /** Sends and completes once the broker acknowledged it. */
  public CompletableFuture<Void> publish(String eventId, TrainyardEvent event) {
    return kafka.send(record(eventId, event)).thenApply(result -> null);
  }

  /** Sends and waits for the acknowledgement; for callers that must not go on before it. */
  public void publishAndWait(String eventId, TrainyardEvent event) {
    try {
      publish(eventId, event).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing " + eventId, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new PublishFailedException(eventId, e);
    }
  }

  /**
   * Sends a user's request to the stream of the service that takes it, which records it on its own
   * stream: a request type (its catalogue entry names its requests stream) or an error.
   */
  public CompletableFuture<Void> request(String eventId, TrainyardEvent event) {
    EventType type = EventCatalog.of(event);
    if (type.requests() == null) {
      throw new IllegalArgumentException(type.type() + " is not a request");
    }
    return publishTo(properties.topic(type.requests()), eventId, event);
  }

  /** Sends to {@code topic} instead of the event's stream: an answer on its asker's own topic. */
  public CompletableFuture<Void> publishTo(String topic, String eventId, TrainyardEvent event) {
    return kafka.send(record(topic, eventId, event)).thenApply(result -> null);
  }

  public ProducerRecord<String, byte[]> record(String eventId, TrainyardEvent event) {
    return record(properties.topic(EventCatalog.of(event).stream()), eventId, event);
  }

  private ProducerRecord<String, byte[]> record(
      String topic, String eventId, TrainyardEvent event) {
    EncodedEvent encoded =
        codec.encode(codec.envelope(eventId, properties.source(), clock.instant(), event));
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(topic, encoded.key(), encoded.value());
    encoded.headers().forEach((name, value) -> record.headers().add(name, value));
    return record;
  }

  public static class PublishFailedException extends RuntimeException {
    public PublishFailedException(String eventId, Throwable cause) {
      super("event " + eventId + " was not acknowledged by Kafka", cause);
    }
  }
}
