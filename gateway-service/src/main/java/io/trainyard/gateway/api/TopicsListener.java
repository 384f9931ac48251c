package io.trainyard.gateway.api;

import io.trainyard.contracts.environment.EnvironmentEvent;
import io.trainyard.contracts.job.JobEvent;
import io.trainyard.contracts.joblog.JobLogEvent;
import io.trainyard.contracts.joblog.JobLogsAppended;
import io.trainyard.contracts.sweep.SweepEvent;
import io.trainyard.contracts.tracking.TrackingEvent;
import io.trainyard.gateway.domain.ReadModelUpdater;
import io.trainyard.gateway.domain.ReadModelUpdater.NotYetKnownException;
import io.trainyard.platform.jdbc.Inbox;
import io.trainyard.platform.kafka.EventReader;
import io.trainyard.platform.kafka.EventReader.Received;
import io.trainyard.platform.kafka.UnresolvedReferenceException;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * Builds the read model and the users' event streams from every topic; each event once. Bindings
 * {@code onJobs-in-0} and the like: topics and group in {@code spring.cloud.stream.bindings}.
 */
@Configuration(proxyBeanMethods = false)
class TopicsListener {

  static final String CONSUMER = "gateway-read-model";

  /** The bindings this listener consumes through, for stopping them during a rebuild. */
  static final java.util.List<String> BINDINGS =
      java.util.List.of("onJobs-in-0", "onEnvironments-in-0", "onTracking-in-0", "onJobLogs-in-0");

  private final EventReader reader;
  private final Inbox inbox;
  private final ReadModelUpdater updater;

  TopicsListener(EventReader reader, Inbox inbox, ReadModelUpdater updater) {
    this.reader = reader;
    this.inbox = inbox;
    this.updater = updater;
  }

  @Bean
  Consumer<Message<byte[]>> onJobs() {
    return message -> {
      var in = reader.readAny(message, java.util.List.of(JobEvent.class, SweepEvent.class));
      handle(
          in,
          () -> {
            if (in.event() instanceof SweepEvent sweep) {
              updater.on(sweep, in.envelope().time());
            } else {
              updater.on((JobEvent) in.event(), in.envelope().time());
            }
          });
    };
  }

  @Bean
  Consumer<Message<byte[]>> onEnvironments() {
    return message -> {
      Received<EnvironmentEvent> in = reader.read(message, EnvironmentEvent.class);
      handle(in, () -> updater.on(in.event(), in.envelope().time()));
    };
  }

  /**
   * Tracking may overtake its job's (or sweep's) submission, which comes on another topic: it waits
   * for it.
   */
  @Bean
  Consumer<Message<byte[]>> onTracking() {
    return message -> {
      Received<TrackingEvent> in = reader.read(message, TrackingEvent.class);
      try {
        handle(in, () -> updater.on(in.event(), in.envelope().time()));
      } catch (NotYetKnownException e) {
        throw new UnresolvedReferenceException(e.getMessage());
      }
    };
  }

  @Bean
  Consumer<Message<byte[]>> onJobLogs() {
    return message -> {
      Received<JobLogEvent> in = reader.read(message, JobLogEvent.class);
      if (in.event() instanceof JobLogsAppended lines) {
        handle(in, () -> updater.on(lines));
      }
    };
  }

  private void handle(Received<?> in, Runnable effect) {
    inbox.handleOnce(CONSUMER, in.envelope(), effect);
  }
}
