package io.trainyard.platform;

import io.trainyard.contracts.codec.CloudEvent;
import io.trainyard.platform.jdbc.Inbox;
import io.trainyard.platform.jdbc.JdbcPlatformConfiguration;
import io.trainyard.platform.kafka.EventReader;
import io.trainyard.platform.kafka.KafkaPlatformConfiguration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@SpringBootApplication
@Import({KafkaPlatformConfiguration.class, JdbcPlatformConfiguration.class})
class TestApp {

  /** Handles job events once each; fails the first tries of any job named "flaky-*". */
  @Component
  static class Handler {
    final List<CloudEvent> handled = new CopyOnWriteArrayList<>();
    final AtomicInteger flakyFailures = new AtomicInteger();
    final List<String> loggedJobIds = new CopyOnWriteArrayList<>();
    private final EventReader reader;
    private final Inbox inbox;

    Handler(EventReader reader, Inbox inbox) {
      this.reader = reader;
      this.inbox = inbox;
    }

    @KafkaListener(topics = "${trainyard.kafka.topics.jobs:trainyard.jobs}")
    void on(ConsumerRecord<String, byte[]> record) {
      CloudEvent event = reader.read(record);
      loggedJobIds.add(String.valueOf(org.slf4j.MDC.get("jobId")));
      if (event.subject().startsWith("flaky-") && flakyFailures.incrementAndGet() <= 2) {
        throw new IllegalStateException("downstream unavailable");
      }
      inbox.handleOnce("platform-test", event, () -> handled.add(event));
    }
  }
}
