package io.trainyard.platform.kafka;

/**
 * The event names something this service does not know yet (a job whose submission is on another
 * topic and may come later): retried for a bounded while, then dead-lettered with the reason.
 */
public class UnresolvedReferenceException extends RuntimeException {

  public UnresolvedReferenceException(String message) {
    super(message);
  }
}
