package io.trainyard.platform.kafka;

import io.trainyard.contracts.Stream;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.MDC;
import org.springframework.kafka.listener.RecordInterceptor;

/** Puts the job or environment id of the record being handled into every log line about it. */
class LoggingContext implements RecordInterceptor<Object, Object> {

  private final TrainyardKafkaProperties properties;

  LoggingContext(TrainyardKafkaProperties properties) {
    this.properties = properties;
  }

  @Override
  public ConsumerRecord<Object, Object> intercept(
      ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
    if (record.key() != null) {
      String field =
          record.topic().equals(properties.topic(Stream.ENVIRONMENTS))
                  || record.topic().equals(properties.topic(Stream.ENVIRONMENT_REQUESTS))
              ? "environment"
              : "jobId";
      MDC.put(
          field,
          record.key() instanceof byte[] bytes
              ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
              : record.key().toString());
    }
    MDC.put("topic", record.topic());
    MDC.put("offset", record.partition() + "@" + record.offset());
    return record;
  }

  @Override
  public void afterRecord(
      ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
    MDC.remove("environment");
    MDC.remove("jobId");
    MDC.remove("topic");
    MDC.remove("offset");
  }
}
