package io.trainyard.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestsTest {

  private static final Requests.Limits LIMITS = new Requests.Limits(8, 16, 64, 2);

  @Test
  void environmentRequestNamesEveryWrongField() {
    var violations = Requests.check(new Requests.Environment("Bad_Name", 99, 0.0, null, 3), LIMITS);

    assertThat(violations)
        .extracting(Violation::field)
        .containsExactly("name", "workers", "workerCpu", "workerMemoryGi", "gpusPerWorker");
  }

  @Test
  void aValidEnvironmentRequestPasses() {
    assertThat(Requests.check(new Requests.Environment("default", 2, 1.0, 2.0, 0), LIMITS))
        .isEmpty();
  }

  @Test
  void hyperparametersAreCheckedAgainstTheTemplateSchemaByField() {
    var violations =
        Requests.check(
            new Requests.Job("default", "digits-mlp", 2, Map.of("epochs", 0), null), false, LIMITS);

    assertThat(violations).extracting(Violation::field).containsExactly("hyperparameters.epochs");
  }

  @Test
  void unknownTemplateListsTheKnownOnes() {
    var violations =
        Requests.check(new Requests.Job("default", "resnet", 1, Map.of(), null), false, LIMITS);

    assertThat(violations)
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.field()).isEqualTo("template");
              assertThat(v.reason()).contains("digits-mlp");
            });
  }

  @Test
  void ownCodeNeedsNoTemplateButNotBoth() {
    assertThat(Requests.check(new Requests.Job("default", null, 1, Map.of(), null), true, LIMITS))
        .isEmpty();
    assertThat(
            Requests.check(
                new Requests.Job("default", "digits-mlp", 1, Map.of(), null), true, LIMITS))
        .extracting(Violation::field)
        .containsExactly("template");
  }

  @Test
  void textTheDatabaseCannotStoreIsRefusedNamingTheHyperparameter() {
    var limits = new Requests.Limits(16, 64, 512, 8);
    var nul = new Requests.Job("default", null, 1, java.util.Map.of("x", "a\u0000b"), null);
    var nested =
        new Requests.Job(
            "default",
            null,
            1,
            java.util.Map.of("layers", java.util.List.of("ok", "\ud800")),
            null);
    var badKey = new Requests.Job("default", null, 1, java.util.Map.of("k\u0000", 1), null);

    assertThat(Requests.check(nul, true, limits))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.field()).isEqualTo("hyperparameters.x");
              assertThat(v.reason()).contains("NUL");
            });
    assertThat(Requests.check(nested, true, limits))
        .extracting(Violation::field)
        .containsExactly("hyperparameters.layers");
    assertThat(Requests.check(badKey, true, limits))
        .extracting(Violation::field)
        .containsExactly("hyperparameters.k\\u0000");
  }

  @Test
  void hyperparametersAreFewAndSmall() {
    var limits = new Requests.Limits(16, 64, 512, 8);
    var many = new java.util.HashMap<String, Object>();
    for (int i = 0; i <= Requests.MAX_HYPERPARAMETERS; i++) {
      many.put("p" + i, i);
    }
    var tooLong = java.util.Map.<String, Object>of("note", "x".repeat(Requests.MAX_TEXT + 1));

    assertThat(Requests.check(new Requests.Job("default", null, 1, many, null), true, limits))
        .extracting(Violation::field)
        .containsExactly("hyperparameters");
    assertThat(Requests.check(new Requests.Job("default", null, 1, tooLong, null), true, limits))
        .extracting(Violation::field)
        .containsExactly("hyperparameters.note");
  }

  @Test
  void signupNeedsAUsableNameAndAPasswordOfEightOrMore() {
    assertThat(Requests.checkSignup("Ada Lovelace", "short"))
        .extracting(Violation::field)
        .containsExactly("username", "password");
    assertThat(Requests.checkSignup("ada", "long-enough")).isEmpty();
  }

  @Test
  void tokenBucketAllowsTheBurstThenRefillsAtTheRate() {
    MutableClock clock = new MutableClock();
    TokenBucket bucket = new TokenBucket(2, 3, clock);

    assertThat(bucket.take("ada")).isZero();
    assertThat(bucket.take("ada")).isZero();
    assertThat(bucket.take("ada")).isZero();
    assertThat(bucket.take("ada")).isEqualTo(Duration.ofMillis(500));
    assertThat(bucket.take("bob")).isZero();

    clock.now = clock.now.plusMillis(500);
    assertThat(bucket.take("ada")).isZero();
  }

  private static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-11-28T12:00:00Z");

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
      return now;
    }
  }
}
