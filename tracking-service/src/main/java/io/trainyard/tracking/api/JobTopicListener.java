package io.trainyard.tracking.api;

import io.trainyard.contracts.job.JobEvent;
import io.trainyard.contracts.sweep.SweepEvent;
import io.trainyard.platform.kafka.DownstreamUnavailableException;
import io.trainyard.platform.kafka.EventReader;
import io.trainyard.tracking.domain.ModelsBusyException;
import io.trainyard.tracking.domain.RunTracking;
import io.trainyard.tracking.domain.SweepTracking;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/** Job and sweep events into MLflow runs, as the binding {@code onJobs-in-0}. */
@Configuration(proxyBeanMethods = false)
class JobTopicListener {

  private final EventReader reader;
  private final RunTracking tracking;
  private final SweepTracking sweeps;

  JobTopicListener(EventReader reader, RunTracking tracking, SweepTracking sweeps) {
    this.reader = reader;
    this.tracking = tracking;
    this.sweeps = sweeps;
  }

  @Bean
  Consumer<Message<byte[]>> onJobs() {
    return message -> {
      var in = reader.readAny(message, List.of(JobEvent.class, SweepEvent.class));
      try {
        if (in.event() instanceof SweepEvent sweep) {
          sweeps.on(sweep, in.envelope().time());
        } else {
          tracking.on((JobEvent) in.event(), in.envelope().time());
        }
      } catch (ModelsBusyException e) {
        // Every model thread is taken: registration waits, as for any downstream outage.
        throw new DownstreamUnavailableException(e.getMessage(), e);
      }
    };
  }
}
