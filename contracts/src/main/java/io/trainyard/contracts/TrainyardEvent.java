package io.trainyard.contracts;

/**
 * Every event on a Trainyard topic. The key keeps per-aggregate order on Kafka: the job id for job
 * events, {@code owner/name} for environments.
 */
public interface TrainyardEvent {
  String key();
}
