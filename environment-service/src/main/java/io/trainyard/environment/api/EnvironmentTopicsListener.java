package io.trainyard.environment.api;

import io.trainyard.contracts.environment.EnvironmentDeleteRequested;
import io.trainyard.contracts.environment.EnvironmentEvent;
import io.trainyard.contracts.environment.EnvironmentRequested;
import io.trainyard.contracts.job.JobEvent;
import io.trainyard.contracts.sweep.SweepEvent;
import io.trainyard.environment.domain.EnvironmentLifecycle;
import io.trainyard.platform.jdbc.Inbox;
import io.trainyard.platform.kafka.EventReader;
import io.trainyard.platform.kafka.EventReader.Received;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * Environment requests, and job events for activity, as bindings {@code onEnvironmentRequests-in-0}
 * and {@code onJobs-in-0}; each handled once, in one transaction.
 */
@Configuration(proxyBeanMethods = false)
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

  @Bean
  Consumer<Message<byte[]>> onEnvironmentRequests() {
    return this::environments;
  }

  @Bean
  Consumer<Message<byte[]>> onJobs() {
    return this::jobs;
  }

  private void environments(Message<byte[]> message) {
    Received<EnvironmentEvent> in = reader.read(message, EnvironmentEvent.class);
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

  private void jobs(Message<byte[]> message) {
    // Sweeps share the job stream; only their trials' jobs, as jobs, keep an environment busy.
    var in = reader.readAny(message, java.util.List.of(JobEvent.class, SweepEvent.class));
    if (in.event() instanceof JobEvent job) {
      inbox.handleOnce(CONSUMER, in.envelope(), () -> lifecycle.jobActivity(job));
    }
  }
}
