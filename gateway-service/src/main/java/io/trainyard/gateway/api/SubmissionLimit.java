package io.trainyard.gateway.api;

import io.trainyard.gateway.config.GatewayProperties;
import io.trainyard.gateway.domain.TokenBucket;
import io.trainyard.gateway.domain.Viewer;
import java.time.Clock;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * One user's rate of submissions, jobs and sweeps together: a sweep is many jobs, so it may not
 * open a second allowance beside the jobs'.
 */
@Component
class SubmissionLimit {

  private final TokenBucket bucket;

  SubmissionLimit(GatewayProperties properties, Clock clock) {
    this.bucket =
        new TokenBucket(
            properties.submissions().perSecond(), properties.submissions().burst(), clock);
  }

  /** Takes one submission of the caller's, or answers 429 with how long to wait. */
  void take(Viewer viewer) {
    Duration wait = bucket.take(viewer.username());
    if (!wait.isZero()) {
      throw new RateLimitedException(wait);
    }
  }
}
