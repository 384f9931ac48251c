package io.trainyard.environment.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuotaTest {

  private final Quota quota = new Quota(2, 4, 8, 16, 1);

  private static Environment existing(String name, int workers, double cpu, double mem, int gpus) {
    return Environment.requested(
        "ada", name, new EnvironmentSpec(workers, cpu, mem, gpus), Instant.EPOCH);
  }

  @Test
  void withinEveryLimitPasses() {
    assertThat(
            quota.check("b", new EnvironmentSpec(2, 2, 4, 0), List.of(existing("a", 2, 2, 4, 0))))
        .isEmpty();
  }

  @Test
  void namesTheLimitThatWasHit() {
    List<Environment> one = List.of(existing("a", 2, 1, 1, 0));
    assertThat(quota.check("b", new EnvironmentSpec(3, 1, 1, 0), one).orElseThrow())
        .isEqualTo(new Quota.Violation("workers", "at most 4 workers per user (would be 5)"));
    assertThat(quota.check("b", new EnvironmentSpec(2, 4, 1, 0), one).orElseThrow().field())
        .isEqualTo("workerCpu");
    assertThat(quota.check("b", new EnvironmentSpec(1, 1, 15, 0), one).orElseThrow().field())
        .isEqualTo("workerMemoryGi");
    assertThat(quota.check("b", new EnvironmentSpec(2, 1, 1, 1), one).orElseThrow().reason())
        .isEqualTo("at most 1 GPUs per user (would be 2)");
  }

  @Test
  void tooManyEnvironmentsIsRefused() {
    var two = List.of(existing("a", 1, 1, 1, 0), existing("b", 1, 1, 1, 0));
    assertThat(quota.check("c", new EnvironmentSpec(1, 1, 1, 0), two).orElseThrow().field())
        .isEqualTo("name");
  }

  @Test
  void resizingAnEnvironmentCountsItOnce() {
    var one = List.of(existing("a", 4, 1, 1, 0));
    assertThat(quota.check("a", new EnvironmentSpec(4, 2, 2, 0), one)).isEmpty();
  }
}
