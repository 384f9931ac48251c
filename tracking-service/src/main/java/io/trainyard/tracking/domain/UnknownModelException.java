package io.trainyard.tracking.domain;

public class UnknownModelException extends RuntimeException {

  public UnknownModelException(String message) {
    super(message);
  }
}
