package io.trainyard.gateway.api;

import io.trainyard.contracts.KafkaAccess;
import io.trainyard.contracts.Stream;
import io.trainyard.contracts.codec.CloudEventCodec;
import io.trainyard.contracts.codec.InvalidEventException;
import io.trainyard.contracts.intake.IntakeAnswered;
import io.trainyard.contracts.intake.IntakeEvent;
import io.trainyard.contracts.intake.IntakeRequested;
import io.trainyard.platform.kafka.DeadLetters;
import io.trainyard.platform.kafka.EventPublisher;
import io.trainyard.platform.kafka.EventReader;
import io.trainyard.platform.kafka.TrainyardKafkaProperties;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;

/**
 * The intake: requests of outside systems (binding {@code onIntake-in-0}). Each gets an answer on
 * its system's reply topic; a refused one also goes to the DLQ with its reason and its token
 * redacted. The answer is published before the offset moves, so a crash repeats it, never loses it.
 */
@Configuration(proxyBeanMethods = false)
class IntakeListener {

  private static final Duration WITHIN = Duration.ofSeconds(60);

  private final EventReader reader;
  private final Intake intake;
  private final EventPublisher publisher;
  private final KafkaTemplate<String, byte[]> kafka;
  private final TrainyardKafkaProperties topics;
  private final String consumer;

  IntakeListener(
      EventReader reader,
      Intake intake,
      EventPublisher publisher,
      KafkaTemplate<String, byte[]> kafka,
      TrainyardKafkaProperties topics,
      @Value("${spring.application.name}") String consumer) {
    this.reader = reader;
    this.intake = intake;
    this.publisher = publisher;
    this.kafka = kafka;
    this.topics = topics;
    this.consumer = consumer;
  }

  @Bean
  Consumer<Message<byte[]>> onIntake() {
    return message -> {
      IntakeEvent event = reader.read(message, IntakeEvent.class).event();
      if (!(event instanceof IntakeRequested request)) {
        throw new InvalidEventException("only requests belong on the intake, not answers");
      }
      IntakeAnswered answer = intake.handle(request).block(WITHIN);
      wait(
          publisher.publishTo(
              KafkaAccess.replies(request.system()), "answer-" + request.requestId(), answer));
      if (!answer.accepted()) {
        deadLetter(message, request, answer.reason());
      }
    };
  }

  private void deadLetter(Message<byte[]> message, IntakeRequested request, String reason) {
    byte[] redacted;
    try {
      redacted = CloudEventCodec.mapper().writeValueAsBytes(request.redacted());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    var headers = message.getHeaders();
    wait(
        kafka.send(
            DeadLetters.of(
                topics.topic(Stream.DLQ),
                consumer,
                String.valueOf(headers.get(KafkaHeaders.RECEIVED_TOPIC)),
                (Integer) headers.getOrDefault(KafkaHeaders.RECEIVED_PARTITION, -1),
                (Long) headers.getOrDefault(KafkaHeaders.OFFSET, -1L),
                request.requestId(),
                redacted,
                "refused: " + reason)));
  }

  private static void wait(java.util.concurrent.CompletableFuture<?> sent) {
    try {
      sent.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new EventPublisher.PublishFailedException("intake answer", e);
    }
  }
}
