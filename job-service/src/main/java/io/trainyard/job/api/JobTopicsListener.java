package io.trainyard.job.api;

import io.trainyard.contracts.environment.EnvironmentEvent;
import io.trainyard.contracts.job.JobEvent;
import io.trainyard.contracts.tracking.TrackingEvent;
import io.trainyard.job.domain.JobEventHandler;
import io.trainyard.platform.jdbc.Inbox;
import io.trainyard.platform.kafka.EventReader;
import io.trainyard.platform.kafka.EventReader.Received;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** The three topics job-service follows; each event is handled once, in one transaction. */
@Component
class JobTopicsListener {

  static final String CONSUMER = "job-service";

  private final EventReader reader;
  private final Inbox inbox;
  private final JobEventHandler handler;
  private final ExecutionLoop loop;

  JobTopicsListener(EventReader reader, Inbox inbox, JobEventHandler handler, ExecutionLoop loop) {
    this.reader = reader;
    this.inbox = inbox;
    this.handler = handler;
    this.loop = loop;
  }

  @KafkaListener(topics = "${trainyard.kafka.topics.jobs}")
  void jobs(ConsumerRecord<String, byte[]> record) {
    Received<JobEvent> in = reader.read(record, JobEvent.class);
    inbox.handleOnce(CONSUMER, in.envelope(), () -> handler.on(in.envelope().id(), in.event()));
    loop.wake();
  }

  @KafkaListener(topics = "${trainyard.kafka.topics.environments}")
  void environments(ConsumerRecord<String, byte[]> record) {
    Received<EnvironmentEvent> in = reader.read(record, EnvironmentEvent.class);
    inbox.handleOnce(CONSUMER, in.envelope(), () -> handler.on(in.envelope().id(), in.event()));
    loop.wake();
  }

  @KafkaListener(topics = "${trainyard.kafka.topics.tracking}")
  void tracking(ConsumerRecord<String, byte[]> record) {
    Received<TrackingEvent> in = reader.read(record, TrackingEvent.class);
    inbox.handleOnce(CONSUMER, in.envelope(), () -> handler.on(in.envelope().id(), in.event()));
    loop.wake();
  }
}
