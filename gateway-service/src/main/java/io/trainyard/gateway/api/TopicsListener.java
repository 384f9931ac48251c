package io.trainyard.gateway.api;

import io.trainyard.contracts.environment.EnvironmentEvent;
import io.trainyard.contracts.job.JobEvent;
import io.trainyard.contracts.joblog.JobLogEvent;
import io.trainyard.contracts.joblog.JobLogsAppended;
import io.trainyard.contracts.tracking.TrackingEvent;
import io.trainyard.gateway.domain.ReadModelUpdater;
import io.trainyard.platform.jdbc.Inbox;
import io.trainyard.platform.kafka.EventReader;
import io.trainyard.platform.kafka.EventReader.Received;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Builds the read model and the users' event streams from every topic; each event once. */
@Component
class TopicsListener {

  static final String CONSUMER = "gateway-read-model";

  private final EventReader reader;
  private final Inbox inbox;
  private final ReadModelUpdater updater;

  TopicsListener(EventReader reader, Inbox inbox, ReadModelUpdater updater) {
    this.reader = reader;
    this.inbox = inbox;
    this.updater = updater;
  }

  @KafkaListener(topics = "${trainyard.kafka.topics.jobs}")
  void jobs(ConsumerRecord<String, byte[]> record) {
    Received<JobEvent> in = reader.read(record, JobEvent.class);
    handle(in, () -> updater.on(in.event(), in.envelope().time()));
  }

  @KafkaListener(topics = "${trainyard.kafka.topics.environments}")
  void environments(ConsumerRecord<String, byte[]> record) {
    Received<EnvironmentEvent> in = reader.read(record, EnvironmentEvent.class);
    handle(in, () -> updater.on(in.event(), in.envelope().time()));
  }

  @KafkaListener(topics = "${trainyard.kafka.topics.tracking}")
  void tracking(ConsumerRecord<String, byte[]> record) {
    Received<TrackingEvent> in = reader.read(record, TrackingEvent.class);
    handle(in, () -> updater.on(in.event(), in.envelope().time()));
  }

  @KafkaListener(topics = "${trainyard.kafka.topics.job-logs}")
  void jobLogs(ConsumerRecord<String, byte[]> record) {
    Received<JobLogEvent> in = reader.read(record, JobLogEvent.class);
    if (in.event() instanceof JobLogsAppended lines) {
      handle(in, () -> updater.on(lines));
    }
  }

  private void handle(Received<?> in, Runnable effect) {
    inbox.handleOnce(CONSUMER, in.envelope(), effect);
  }
}
