package io.trainyard.tracking.api;

import io.trainyard.contracts.job.JobEvent;
import io.trainyard.platform.kafka.EventReader;
import io.trainyard.tracking.domain.RunTracking;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@Component
class JobTopicListener {

  private final EventReader reader;
  private final RunTracking tracking;

  JobTopicListener(EventReader reader, RunTracking tracking) {
    this.reader = reader;
    this.tracking = tracking;
  }

  @KafkaListener(topics = "${trainyard.kafka.topics.jobs}")
  void jobs(ConsumerRecord<String, byte[]> record) {
    var in = reader.read(record, JobEvent.class);
    tracking.on(in.event(), in.envelope().time());
  }
}
