package io.trainyard.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  @Test
  void halfwayShowsHalfTheBarTheMetricsAndTheTimeLeftAtTheSamePace() {
    String line =
        ProgressBar.render(
            1,
            5,
            10,
            Map.of("loss", 0.28104, "accuracy", 0.913245),
            Duration.ofSeconds(12),
            Style.PLAIN);

    assertThat(line)
        .isEqualTo(
            "attempt 1 [##########----------] epoch 5/10  accuracy 0.9132  loss 0.281  0:12 elapsed, ~0:12 left");
  }

  @Test
  void beforeTheFirstEpochAndAtTheLastNoTimeLeftIsGuessed() {
    assertThat(ProgressBar.render(2, 0, 4, Map.of(), Duration.ofSeconds(3), Style.PLAIN))
        .isEqualTo("attempt 2 [--------------------] epoch 0/4  0:03 elapsed");
    assertThat(ProgressBar.render(2, 4, 4, Map.of(), Duration.ofMinutes(61), Style.PLAIN))
        .isEqualTo("attempt 2 [####################] epoch 4/4  1:01:00 elapsed");
  }

  @Test
  void aTerminalGetsSolidBlocks() {
    assertThat(ProgressBar.render(1, 1, 2, Map.of(), Duration.ZERO, new Style(false, true)))
        .contains("[██████████░░░░░░░░░░]");
  }

  @Test
  void metricsReadAsFourSignificantDigitsAndOddValuesAsTheyAre() {
    assertThat(ProgressBar.number(0.912345)).isEqualTo("0.9123");
    assertThat(ProgressBar.number(12.0)).isEqualTo("12");
    assertThat(ProgressBar.number(0.00001234)).isEqualTo("1.234e-05");
    assertThat(ProgressBar.number(Double.NaN)).isEqualTo("NaN");
  }
}
