package io.trainyard.platform.kafka;

import io.trainyard.contracts.TrainyardEvent;
import io.trainyard.contracts.codec.CloudEvent;
import io.trainyard.contracts.codec.CloudEventCodec;
import io.trainyard.contracts.codec.InvalidEventException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;

/** Turns a consumed record into a CloudEvent, or throws the reason it goes to the DLQ. */
public class EventReader {

  private final CloudEventCodec codec;

  public EventReader(CloudEventCodec codec) {
    this.codec = codec;
  }

  /** Reads a record that must carry an event of one topic's family, e.g. {@code JobEvent}. */
  public <T> Received<T> read(ConsumerRecord<String, byte[]> record, Class<T> family) {
    CloudEvent event = read(record);
    if (!family.isInstance(event.data())) {
      throw new InvalidEventException(event.type() + " does not belong on " + record.topic());
    }
    return new Received<>(event, family.cast(event.data()));
  }

  /** A record as a Spring Cloud Stream binding hands it over: the Kafka headers as headers. */
  public <T> Received<T> read(Message<byte[]> message, Class<T> family) {
    CloudEvent event = codec.decode(name -> header(message, name), message.getPayload());
    if (!family.isInstance(event.data())) {
      throw new InvalidEventException(
          event.type()
              + " does not belong on "
              + message.getHeaders().get(KafkaHeaders.RECEIVED_TOPIC));
    }
    return new Received<>(event, family.cast(event.data()));
  }

  /** Reads a record of a topic that carries several families, e.g. jobs and sweeps. */
  public Received<TrainyardEvent> readAny(Message<byte[]> message, List<Class<?>> families) {
    Received<TrainyardEvent> in = read(message, TrainyardEvent.class);
    if (families.stream().noneMatch(f -> f.isInstance(in.event()))) {
      throw new InvalidEventException(
          in.envelope().type()
              + " does not belong on "
              + message.getHeaders().get(KafkaHeaders.RECEIVED_TOPIC));
    }
    return in;
  }

  /**
   * Spring Cloud Function may spell CloudEvents attributes {@code ce-id} where Kafka says ce_id.
   */
  private static byte[] header(Message<byte[]> message, String name) {
    Object value = message.getHeaders().get(name);
    if (value == null && name.startsWith("ce_")) {
      value = message.getHeaders().get("ce-" + name.substring(3));
    }
    return bytes(value);
  }

  private static byte[] bytes(Object header) {
    if (header == null) {
      return null;
    }
    return header instanceof byte[] b ? b : header.toString().getBytes(StandardCharsets.UTF_8);
  }

  public CloudEvent read(ConsumerRecord<String, byte[]> record) {
    return codec.decode(
        name -> {
          Header header = record.headers().lastHeader(name);
          return header == null ? null : header.value();
        },
        record.value());
  }

  /** An event with its envelope; the envelope's id is the idempotency key. */
  public record Received<T>(CloudEvent envelope, T event) {}
}
