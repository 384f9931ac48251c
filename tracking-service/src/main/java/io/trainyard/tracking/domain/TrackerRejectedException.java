package io.trainyard.tracking.domain;

/** The tracker refused a request for good (a 4xx): retrying would not help. */
public class TrackerRejectedException extends RuntimeException {

  public TrackerRejectedException(String message) {
    super(message);
  }
}
