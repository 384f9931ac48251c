package io.trainyard.platform.kafka;

import io.trainyard.contracts.codec.CloudEvent;
import io.trainyard.contracts.codec.CloudEventCodec;
import io.trainyard.contracts.codec.InvalidEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

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
