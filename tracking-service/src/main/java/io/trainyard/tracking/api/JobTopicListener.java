package io.trainyard.tracking.api;

import io.trainyard.contracts.job.JobEvent;
import io.trainyard.platform.kafka.DownstreamUnavailableException;
import io.trainyard.platform.kafka.EventReader;
import io.trainyard.tracking.domain.ModelsBusyException;
import io.trainyard.tracking.domain.RunTracking;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/** Job events into MLflow runs, as the binding {@code onJobs-in-0}. */
@Configuration(proxyBeanMethods = false)
class JobTopicListener {

  private final EventReader reader;
  private final RunTracking tracking;

  JobTopicListener(EventReader reader, RunTracking tracking) {
    this.reader = reader;
    this.tracking = tracking;
  }

  @Bean
  Consumer<Message<byte[]>> onJobs() {
    return message -> {
      var in = reader.read(message, JobEvent.class);
      try {
        tracking.on(in.event(), in.envelope().time());
      } catch (ModelsBusyException e) {
        // Every model thread is taken: registration waits, as for any downstream outage.
        throw new DownstreamUnavailableException(e.getMessage(), e);
      }
    };
  }
}
