package io.trainyard.contracts.codec;

/** A record that can never be processed as it is: it goes to the dead-letter topic, not retried. */
public class InvalidEventException extends RuntimeException {

  public InvalidEventException(String reason) {
    super(reason);
  }

  public InvalidEventException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
