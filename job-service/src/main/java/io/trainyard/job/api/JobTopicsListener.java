package io.trainyard.job.api;

import io.trainyard.contracts.TrainyardEvent;
import io.trainyard.contracts.environment.EnvironmentEvent;
import io.trainyard.contracts.job.JobEvent;
import io.trainyard.contracts.sweep.SweepEvent;
import io.trainyard.contracts.tracking.TrackingEvent;
import io.trainyard.job.domain.JobEventHandler;
import io.trainyard.job.domain.JobEventHandler.UnknownJobException;
import io.trainyard.job.domain.sweep.SweepHandler;
import io.trainyard.platform.jdbc.Inbox;
import io.trainyard.platform.kafka.EventReader;
import io.trainyard.platform.kafka.EventReader.Received;
import io.trainyard.platform.kafka.UnresolvedReferenceException;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * The three topics job-service follows, as bindings {@code onJobRequests-in-0}, {@code
 * onEnvironments-in-0} and {@code onTracking-in-0}; each event is handled once, in one transaction.
 */
@Configuration(proxyBeanMethods = false)
class JobTopicsListener {

  static final String CONSUMER = "job-service";

  private final EventReader reader;
  private final Inbox inbox;
  private final JobEventHandler handler;
  private final ExecutionLoop loop;
  private final SweepHandler sweeps;

  JobTopicsListener(
      EventReader reader,
      Inbox inbox,
      JobEventHandler handler,
      ExecutionLoop loop,
      SweepHandler sweeps) {
    this.sweeps = sweeps;
    this.reader = reader;
    this.inbox = inbox;
    this.handler = handler;
    this.loop = loop;
  }

  /** Jobs' and sweeps' requests share the stream: a sweep's trials are jobs. */
  @Bean
  Consumer<Message<byte[]>> onJobRequests() {
    return message -> {
      Received<TrainyardEvent> in =
          reader.readAny(message, List.of(JobEvent.class, SweepEvent.class));
      String id = in.envelope().id();
      inbox.handleOnce(
          CONSUMER,
          in.envelope(),
          () -> {
            if (in.event() instanceof SweepEvent sweep) {
              sweeps.on(id, sweep);
            } else {
              handler.on(id, (JobEvent) in.event());
            }
          });
      loop.wake();
    };
  }

  @Bean
  Consumer<Message<byte[]>> onEnvironments() {
    return message -> {
      Received<EnvironmentEvent> in = reader.read(message, EnvironmentEvent.class);
      inbox.handleOnce(CONSUMER, in.envelope(), () -> handler.on(in.envelope().id(), in.event()));
      loop.wake();
    };
  }

  /** A run's topic can overtake the job's: it waits a while for the submission, then gives up. */
  @Bean
  Consumer<Message<byte[]>> onTracking() {
    return message -> {
      Received<TrackingEvent> in = reader.read(message, TrackingEvent.class);
      try {
        inbox.handleOnce(CONSUMER, in.envelope(), () -> handler.on(in.envelope().id(), in.event()));
      } catch (UnknownJobException e) {
        throw new UnresolvedReferenceException(e.getMessage());
      }
      loop.wake();
    };
  }
}
