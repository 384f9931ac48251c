package io.trainyard.platform.kafka;

import java.time.Duration;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The error handler of every consumer, built once here from {@link Failure}: how often and how long
 * a failed record is tried again depends on its kind of failure, and what is given up on goes to
 * the dead-letter topic with its reason while the consumer moves on to the next record.
 */
final class ConsumerFailures {

  private static final Logger log = LoggerFactory.getLogger(ConsumerFailures.class);

  private ConsumerFailures() {}

  /**
   * @param deadLetters where a given-up record goes (the binding's {@code dlqName})
   * @param poison the binding's retries ({@code maxAttempts}, {@code backOff*}) for a record that
   *     fails the same way each time; null for none
   */
  static DefaultErrorHandler handler(
      KafkaTemplate<String, byte[]> kafka,
      BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> deadLetters,
      BackOff poison,
      TrainyardKafkaProperties properties,
      String consumer) {
    DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(kafka, deadLetters);
    recoverer.setHeadersFunction((record, e) -> DeadLetters.headers(consumer, e));
    BackOff outage = outage(properties.retryInitial(), properties.retryMax());
    BackOff unresolved =
        bounded(Duration.ofMillis(200), Duration.ofSeconds(5), properties.unresolvedWait());
    BackOff once = new FixedBackOff(0, 0);
    BackOff poisoned = poison == null ? once : poison;
    DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, poisoned);
    handler.setBackOffFunction(
        (record, e) ->
            switch (Failure.of(e)) {
              case UNREADABLE -> once;
              case OUTAGE -> outage;
              case UNRESOLVED -> unresolved;
              case POISON -> poisoned;
            });
    handler.setCommitRecovered(true);
    handler.setResetStateOnExceptionChange(true);
    handler.setRetryListeners(
        (record, e, attempt) ->
            log.warn(
                "{}-{}@{} failed ({}, attempt {}): {}",
                record.topic(),
                record.partition(),
                record.offset(),
                Failure.of(e),
                attempt,
                DeadLetters.reason(e)));
    return handler;
  }

  private static BackOff outage(Duration initial, Duration max) {
    ExponentialBackOff backOff = new ExponentialBackOff(initial.toMillis(), 2.0);
    backOff.setMaxInterval(max.toMillis());
    return backOff;
  }

  private static BackOff bounded(Duration initial, Duration max, Duration total) {
    ExponentialBackOff backOff = new ExponentialBackOff(initial.toMillis(), 2.0);
    backOff.setMaxInterval(max.toMillis());
    backOff.setMaxElapsedTime(total.toMillis());
    return backOff;
  }
}
