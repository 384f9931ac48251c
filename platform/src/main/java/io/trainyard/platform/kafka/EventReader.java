package io.trainyard.platform.kafka;

import io.trainyard.contracts.codec.CloudEvent;
import io.trainyard.contracts.codec.CloudEventCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Turns a consumed record into a CloudEvent, or throws the reason it goes to the DLQ. */
public class EventReader {

  private final CloudEventCodec codec;

  public EventReader(CloudEventCodec codec) {
    this.codec = codec;
  }

  public CloudEvent read(ConsumerRecord<String, byte[]> record) {
    return codec.decode(
        name -> {
          Header header = record.headers().lastHeader(name);
          return header == null ? null : header.value();
        },
        record.value());
  }
}
