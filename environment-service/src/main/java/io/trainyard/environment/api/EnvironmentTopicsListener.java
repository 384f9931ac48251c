package io.trainyard.environment.api;

import io.trainyard.contracts.environment.EnvironmentDeleteRequested;
import io.trainyard.contracts.environment.EnvironmentEvent;
import io.trainyard.contracts.environment.EnvironmentRequested;
import io.trainyard.contracts.job.JobEvent;
import io.trainyard.environment.domain.EnvironmentLifecycle;
import io.trainyard.platform.jdbc.Inbox;
import io.trainyard.platform.kafka.EventReader;
import io.trainyard.platform.kafka.EventReader.Received;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Environment requests, and job events for activity; each handled once, in one transaction. */
@Component
class EnvironmentTopicsListener {

  static final String CONSUMER = "environment-service";

  private final EventReader reader;
  private final Inbox inbox;
  private final EnvironmentLifecycle lifecycle;
  private final ReconcileLoop reconciler;

  EnvironmentTopicsListener(
      EventReader reader, Inbox inbox, EnvironmentLifecycle lifecycle, ReconcileLoop reconciler) {
    this.reader = reader;
    this.inbox = inbox;
    this.lifecycle = lifecycle;
    this.reconciler = reconciler;
  }

  @KafkaListener(topics = "${trainyard.kafka.topics.environments}")
  void environments(ConsumerRecord<String, byte[]> record) {
    Received<EnvironmentEvent> in = reader.read(record, EnvironmentEvent.class);
    String id = in.envelope().id();
    inbox.handleOnce(
        CONSUMER,
        in.envelope(),
        () -> {
          if (in.event() instanceof EnvironmentRequested request) {
            lifecycle.requested(id, request);
          } else if (in.event() instanceof EnvironmentDeleteRequested delete) {
            lifecycle.deleteRequested(id, delete);
          }
        });
    reconciler.wake();
  }

  @KafkaListener(topics = "${trainyard.kafka.topics.jobs}")
  void jobs(ConsumerRecord<String, byte[]> record) {
    Received<JobEvent> in = reader.read(record, JobEvent.class);
    inbox.handleOnce(CONSUMER, in.envelope(), () -> lifecycle.jobActivity(in.event()));
  }
}
