package io.trainyard.job.domain;

import io.trainyard.contracts.TrainyardEvent;

/** Publishes what happened to jobs; {@code causationId} makes a repeated cause a repeated id. */
public interface JobEvents {

  void publish(String causationId, TrainyardEvent event);
}
