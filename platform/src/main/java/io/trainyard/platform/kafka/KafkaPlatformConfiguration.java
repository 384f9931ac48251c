package io.trainyard.platform.kafka;

import io.trainyard.contracts.KafkaAccess;
import io.trainyard.contracts.Stream;
import io.trainyard.contracts.codec.CloudEventCodec;
import io.trainyard.platform.loop.LoopsHealth;
import io.trainyard.platform.loop.WakeableLoop;
import java.time.Clock;
import java.util.Arrays;
import java.util.function.BiFunction;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.stream.binder.kafka.ListenerContainerWithDlqAndRetryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.util.backoff.BackOff;

/**
 * Kafka as every service uses it: one publisher, topics created on start with the retention their
 * use needs, and one rule for failed records ({@link Failure}) on every consumer binding: an outage
 * delays events and never loses them, a record that fails the same way each time goes to the DLQ
 * and the consumer moves on.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TrainyardKafkaProperties.class)
public class KafkaPlatformConfiguration {

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  /** DOWN while a background loop of this service is dead or stalled (liveness included). */
  @Bean
  LoopsHealth backgroundLoops(ObjectProvider<WakeableLoop> loops) {
    return new LoopsHealth(loops);
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

  /** The topics this service writes, so it creates them and keeps their retention right. */
  @Bean
  KafkaAdmin.NewTopics trainyardTopics(TrainyardKafkaProperties properties) {
    return new KafkaAdmin.NewTopics(
        Arrays.stream(Stream.values())
            .filter(
                stream ->
                    properties.principal() == null
                        || KafkaAccess.ADMIN.equals(properties.principal())
                        || KafkaAccess.writes(properties.principal(), stream))
            .map(
                stream -> {
                  TopicBuilder topic =
                      TopicBuilder.name(properties.topic(stream))
                          .partitions(properties.partitions())
                          .replicas(properties.replicas());
                  topic.config("retention.ms", Long.toString(retention(stream, properties)));
                  return topic.build();
                })
            .toArray(NewTopic[]::new));
  }

  /**
   * Retries and dead-lettering move from the binding to each binding's container, where {@link
   * Failure} decides per record: the binding still says where dead letters go ({@code dlqName}) and
   * how often a poison record is tried ({@code maxAttempts}, {@code backOff*}).
   */
  @Bean
  ListenerContainerWithDlqAndRetryCustomizer trainyardConsumers(
      KafkaTemplate<String, byte[]> kafka,
      TrainyardKafkaProperties properties,
      @Value("${spring.application.name}") String consumer) {
    LoggingContext logging = new LoggingContext(properties);
    BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> fallback =
        (record, e) -> new TopicPartition(properties.topic(Stream.DLQ), -1);
    return new ListenerContainerWithDlqAndRetryCustomizer() {
      @Override
      @SuppressWarnings({"unchecked", "rawtypes"})
      public void configure(
          AbstractMessageListenerContainer<?, ?> container,
          String destination,
          String group,
          BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> deadLetters,
          BackOff backOff) {
        container.setCommonErrorHandler(
            ConsumerFailures.handler(
                kafka,
                deadLetters == null ? fallback : deadLetters,
                backOff,
                properties,
                consumer));
        ((AbstractMessageListenerContainer) container).setRecordInterceptor(logging);
      }

      @Override
      public boolean retryAndDlqInBinding(String destination, String group) {
        return false;
      }
    };
  }

  /**
   * The read model is rebuilt from the state topics, so retention never deletes from them; dead
   * letters are for people to look at and go after a while.
   */
  static long retention(Stream stream, TrainyardKafkaProperties properties) {
    return switch (stream) {
      case DLQ -> properties.deadLetterRetention().toMillis();
      case INTAKE -> properties.intakeRetention().toMillis();
      case JOB_LOGS ->
          properties.logRetention().isZero() ? -1 : properties.logRetention().toMillis();
      default -> -1;
    };
  }
}
