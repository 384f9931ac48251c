package io.trainyard.gateway.domain;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rate limit per key: {@code burst} at once, refilled at {@code perSecond}. Keys whose bucket is
 * full again are forgotten once there are many, so made-up keys cannot grow it without end.
 */
public class TokenBucket {

  private static final int MANY = 10_000;

  private final double perSecond;
  private final double burst;
  private final Clock clock;
  private final ConcurrentHashMap<String, double[]> buckets = new ConcurrentHashMap<>();

  public TokenBucket(double perSecond, int burst, Clock clock) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.clock = clock;
  }

  /** Empty when allowed; else how long until the next request would be. */
  public Duration take(String user) {
    double now = clock.millis() / 1000.0;
    if (buckets.size() > MANY) {
      buckets.values().removeIf(s -> s[0] + (now - s[1]) * perSecond >= burst);
    }
    double[] wait = new double[1];
    buckets.compute(
        user,
        (k, b) -> {
          double[] s = b == null ? new double[] {burst, now} : b;
          double tokens = Math.min(burst, s[0] + (now - s[1]) * perSecond);
          if (tokens >= 1) {
            return new double[] {tokens - 1, now};
          }
          wait[0] = (1 - tokens) / perSecond;
          return new double[] {tokens, now};
        });
    return Duration.ofMillis((long) Math.ceil(wait[0] * 1000));
  }
}
