package io.trainyard.cli.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

  private final SseParser parser = new SseParser();

  private List<SseEvent> feed(String... lines) {
    List<SseEvent> out = new ArrayList<>();
    for (String line : lines) {
      parser.line(line).ifPresent(out::add);
    }
    return out;
  }

  @Test
  void anEventIsDispatchedAtTheBlankLineWithItsIdNameAndData() {
    assertThat(feed("id:42", "event:job.progressed", "data:{\"epoch\":1}", ""))
        .containsExactly(new SseEvent(42, "job.progressed", "{\"epoch\":1}"));
  }

  @Test
  void dataOverSeveralLinesIsJoinedAndOneLeadingSpaceDropped() {
    assertThat(feed("event: x", "data: a", "data:  b", ""))
        .containsExactly(new SseEvent(-1, "x", "a\n b"));
  }

  @Test
  void commentsAndEventsWithoutDataAreSkippedAndFieldsDoNotLeakIntoTheNext() {
    assertThat(feed(":connected", "retry:2000", "", ":heartbeat", "id:7", "", "data:{}", ""))
        .containsExactly(new SseEvent(-1, "message", "{}"));
  }
}
