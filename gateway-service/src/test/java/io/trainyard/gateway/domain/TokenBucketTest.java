package io.trainyard.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

  private final AtomicLong millis = new AtomicLong(1_000_000);
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return Instant.ofEpochMilli(millis.get());
        }
      };

  @Test
  void aBurstPassesThenTheNextWaitsForTheRefill() {
    TokenBucket bucket = new TokenBucket(0.2, 3, clock);
    for (int i = 0; i < 3; i++) {
      assertThat(bucket.take("ada")).isZero();
    }
    assertThat(bucket.take("ada")).isEqualTo(Duration.ofSeconds(5));
    assertThat(bucket.take("bob")).as("another key has its own bucket").isZero();
    millis.addAndGet(5_000);
    assertThat(bucket.take("ada")).isZero();
  }

  @Test
  void madeUpKeysAreForgottenOnceTheirBucketsAreFullAgain() throws Exception {
    TokenBucket bucket = new TokenBucket(1, 2, clock);
    for (int i = 0; i < 20_000; i++) {
      bucket.take("name-" + i);
    }
    millis.addAndGet(2_000);
    bucket.take("one-more");
    var field = TokenBucket.class.getDeclaredField("buckets");
    field.setAccessible(true);
    assertThat(((java.util.Map<?, ?>) field.get(bucket)).size()).isLessThan(100);
  }
}
