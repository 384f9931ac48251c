package io.trainyard.platform.kafka;

/**
 * A system the handler needs (MLflow, Ray, a blob store) did not answer: an outage, retried with
 * backoff until it passes and never dead-lettered. Adapters throw it, or a subclass, for exactly
 * that case.
 */
public class DownstreamUnavailableException extends RuntimeException {

  public DownstreamUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public DownstreamUnavailableException(String message) {
    super(message);
  }
}
