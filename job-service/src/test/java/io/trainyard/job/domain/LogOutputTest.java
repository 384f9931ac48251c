package io.trainyard.job.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.trainyard.contracts.TrainyardEvent;
import io.trainyard.contracts.codec.CloudEventCodec;
import io.trainyard.contracts.job.JobProgressed;
import io.trainyard.contracts.job.JobSubmitted;
import io.trainyard.contracts.job.Resources;
import io.trainyard.contracts.joblog.JobLogsAppended;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogOutputTest {

  private final Job job =
      Job.accepted(
          new JobSubmitted(
              "j", "ada", "default", "digits-mlp", null, null, Map.of(), 1, new Resources(1, 2, 0)),
          null,
          Instant.parse("2026-12-01T00:00:00Z"));

  @Test
  void logEventsStayUnderTheirByteBudgetEvenForLongLinesFullOfEscapes() throws Exception {
    // 200 lines of 4,096 quotes: 8 KiB each as JSON, 1.6 MiB in all: over a broker's 1 MiB.
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      lines.add("\"".repeat(4096));
    }

    List<TrainyardEvent> events = LogOutput.read(job, lines).events();

    assertThat(events).hasSizeGreaterThan(1);
    long first = 0;
    for (TrainyardEvent e : events) {
      JobLogsAppended chunk = (JobLogsAppended) e;
      assertThat(chunk.firstLine()).isEqualTo(first);
      first += chunk.lines().size();
      assertThat(CloudEventCodec.mapper().writeValueAsBytes(chunk).length)
          .isLessThanOrEqualTo(LogOutput.BYTES_PER_EVENT + 512);
    }
    assertThat(first).isEqualTo(200);
  }

  @Test
  void textNoDatabaseOrTerminalShouldGetIsCleanedOutOfLines() {
    String cleaned = LogOutput.clean("a\u0000b\u001B[31mred\u001B[0m\tc\uD800d\u0007e");

    assertThat(cleaned).isEqualTo("a\uFFFDbred\tc\uFFFDd\uFFFDe");
    assertThat(LogOutput.clean("x".repeat(10_000))).hasSize(LogOutput.MAX_LINE + " [cut]".length());
  }

  @Test
  void aProgressLineCarriesAtMostAHundredMetricsWithNamesMlflowTakes() {
    StringBuilder metrics = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      metrics.append(i == 0 ? "" : ", ").append("\"m").append(i).append("\": ").append(i);
    }
    metrics.append(", \"").append("k".repeat(300)).append("\": 1");
    String line =
        "TRAINYARD_PROGRESS {\"epoch\": 1, \"epochs\": 1, \"step\": 1, \"metrics\": {"
            + metrics
            + "}}";

    JobProgressed progress =
        (JobProgressed)
            LogOutput.read(job, List.of(line)).events().stream()
                .filter(JobProgressed.class::isInstance)
                .findFirst()
                .orElseThrow();

    assertThat(progress.metrics()).hasSize(Progress.MAX_METRICS);
    assertThat(progress.metrics().keySet()).allMatch(k -> k.length() <= Progress.MAX_KEY);
  }

  @Test
  void theTailKeepsTheLastLinesAFailureQuotes() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      lines.add("line " + i);
    }

    Job.Attempt after = LogOutput.read(job, lines).attempt();

    assertThat(after.tail()).hasSize(LogOutput.TAIL).endsWith("line 99");
    assertThat(LogOutput.lastLines(after, 2)).isEqualTo("line 98\nline 99");
  }

  @Test
  void theTailIsWhatTheDriverSaidLastNotWhatWorkersStillForward() {
    List<String> lines = new ArrayList<>();
    lines.add("(RayTrainWorker pid=7) epoch 1");
    lines.add("Traceback (most recent call last):");
    lines.add("RuntimeError: my model is broken");
    for (int i = 0; i < 50; i++) {
      lines.add("(RayTrainWorker pid=7) late line " + i);
    }

    Job.Attempt after = LogOutput.read(job, lines).attempt();

    assertThat(after.tail())
        .containsExactly("Traceback (most recent call last):", "RuntimeError: my model is broken");
  }
}
