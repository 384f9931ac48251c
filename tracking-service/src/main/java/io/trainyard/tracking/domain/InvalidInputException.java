package io.trainyard.tracking.domain;

/** A prediction request that does not fit the model, naming the field that is wrong. */
public class InvalidInputException extends RuntimeException {

  private final String field;

  public InvalidInputException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
