package io.trainyard.environment.domain;

import io.trainyard.contracts.environment.EnvironmentEvent;

/** Publishes what happened to environments, in the transaction of the change. */
public interface EnvironmentEvents {

  void publish(String causationId, EnvironmentEvent event);
}
