package io.trainyard.gateway.api;

import io.trainyard.gateway.domain.StoredEvent;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

/**
 * One event as a Server-Sent Events frame, encoded once however many streams send it: with
 * thousands of streams, encoding each event for each stream was most of the fan-out's time.
 */
record SseFrame(StoredEvent event, byte[] bytes) {

  /** With what the browser waits before reconnecting, with the last id it saw: 2 s. */
  static final SseFrame CONNECTED = new SseFrame(null, utf8(":connected\nretry:2000\n\n"));

  static final SseFrame HEARTBEAT = comment("heartbeat");
  static final SseFrame ENDED =
      new SseFrame(
          null,
          utf8("event:ended\ndata:{\"reason\":\"the credential expired or was revoked\"}\n\n"));

  static SseFrame of(StoredEvent e) {
    StringBuilder frame =
        new StringBuilder(e.data().length() + 64)
            .append("id:")
            .append(e.seq())
            .append("\nevent:")
            .append(e.type())
            .append('\n');
    for (String line : e.data().split("\r\n|\r|\n", -1)) {
      frame.append("data:").append(line).append('\n');
    }
    return new SseFrame(e, utf8(frame.append('\n').toString()));
  }

  /** The frame for one stream: a view of the shared bytes, not a copy. */
  DataBuffer buffer() {
    return DefaultDataBufferFactory.sharedInstance.wrap(bytes);
  }

  private static SseFrame comment(String text) {
    return new SseFrame(null, utf8(":" + text + "\n\n"));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
