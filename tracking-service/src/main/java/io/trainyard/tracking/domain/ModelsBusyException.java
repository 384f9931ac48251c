package io.trainyard.tracking.domain;

/**
 * Every thread that runs models is busy: the caller comes back later, nothing waits without end.
 */
public class ModelsBusyException extends RuntimeException {

  public ModelsBusyException() {
    super("every model thread is busy; try again shortly");
  }
}
