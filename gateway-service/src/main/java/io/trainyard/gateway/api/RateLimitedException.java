package io.trainyard.gateway.api;

import java.time.Duration;

class RateLimitedException extends RuntimeException {

  final long retryAfterSeconds;

  RateLimitedException(Duration wait) {
    this(wait, "too many submissions");
  }

  RateLimitedException(Duration wait, String what) {
    super(what + "; try again in " + Math.max(1, wait.toSeconds()) + " s");
    this.retryAfterSeconds = Math.max(1, (long) Math.ceil(wait.toMillis() / 1000.0));
  }
}
