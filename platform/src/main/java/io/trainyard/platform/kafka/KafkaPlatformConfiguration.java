package io.trainyard.platform.kafka;

import io.trainyard.contracts.Stream;
import io.trainyard.contracts.codec.CloudEventCodec;
import io.trainyard.contracts.codec.InvalidEventException;
import java.time.Clock;
import java.util.Arrays;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Kafka as every service uses it: one publisher, topics created on start, and an error handler that
 * sends unreadable records to the DLQ at once but retries everything else with backoff until it
 * passes, so a downstream outage delays events and never loses them.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TrainyardKafkaProperties.class)
public class KafkaPlatformConfiguration {

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  CloudEventCodec cloudEventCodec() {
    return new CloudEventCodec();
  }

  @Bean
  EventReader eventReader(CloudEventCodec codec) {
    return new EventReader(codec);
  }

  @Bean
  EventPublisher eventPublisher(
      KafkaTemplate<String, byte[]> kafka,
      CloudEventCodec codec,
      TrainyardKafkaProperties properties,
      Clock clock) {
    return new EventPublisher(kafka, codec, properties, clock);
  }

  @Bean
  KafkaAdmin.NewTopics trainyardTopics(TrainyardKafkaProperties properties) {
    return new KafkaAdmin.NewTopics(
        Arrays.stream(Stream.values())
            .map(
                stream -> {
                  TopicBuilder topic =
                      TopicBuilder.name(properties.topic(stream))
                          .partitions(properties.partitions())
                          .replicas(properties.replicas());
                  if (stream == Stream.JOB_LOGS) {
                    topic.config("retention.ms", Long.toString(24L * 3600 * 1000));
                  }
                  return topic.build();
                })
            .toArray(NewTopic[]::new));
  }

  @Bean
  DefaultErrorHandler kafkaErrorHandler(
      KafkaTemplate<String, byte[]> kafka,
      TrainyardKafkaProperties properties,
      @Value("${spring.application.name}") String consumer) {
    DeadLetterPublishingRecoverer recoverer =
        new DeadLetterPublishingRecoverer(
            kafka, (record, e) -> new TopicPartition(properties.topic(Stream.DLQ), -1));
    recoverer.setHeadersFunction((record, e) -> DeadLetters.headers(consumer, e));
    ExponentialBackOff backOff = new ExponentialBackOff(properties.retryInitial().toMillis(), 2.0);
    backOff.setMaxInterval(properties.retryMax().toMillis());
    DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
    handler.defaultFalse();
    handler.addRetryableExceptions(Exception.class);
    handler.addNotRetryableExceptions(InvalidEventException.class);
    handler.setCommitRecovered(true);
    handler.setRetryListeners(
        (record, e, attempt) ->
            LoggerFactory.getLogger(KafkaPlatformConfiguration.class)
                .warn(
                    "{}-{}@{} failed (attempt {}), will retry: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    attempt,
                    DeadLetters.reason(e)));
    return handler;
  }

  @Bean
  RecordInterceptor<Object, Object> loggingContext(TrainyardKafkaProperties properties) {
    return new LoggingContext(properties);
  }
}
