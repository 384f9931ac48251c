package io.trainyard.cli.http;

import java.util.Optional;

/**
 * The text/event-stream format, line by line (html.spec.whatwg.org, server-sent events): fields
 * gather until a blank line dispatches them; comments (heartbeats) and events without data are
 * skipped. Only events with an id are the log's; the stream's own {@code ended} has none.
 */
public final class SseParser {

  private final StringBuilder data = new StringBuilder();
  private String name = "message";
  private String id;
  private boolean hasData;

  /** The event that this line completes, if it is the blank line after one. */
  public Optional<SseEvent> line(String line) {
    if (line.isEmpty()) {
      return dispatch();
    }
    if (line.startsWith(":")) {
      return Optional.empty();
    }
    int colon = line.indexOf(':');
    String field = colon < 0 ? line : line.substring(0, colon);
    String value = colon < 0 ? "" : line.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    switch (field) {
      case "data" -> {
        if (hasData) {
          data.append('\n');
        }
        data.append(value);
        hasData = true;
      }
      case "event" -> name = value;
      case "id" -> id = value;
      default -> {}
    }
    return Optional.empty();
  }

  private Optional<SseEvent> dispatch() {
    try {
      if (!hasData) {
        return Optional.empty();
      }
      long seq = -1;
      if (id != null && !id.isEmpty()) {
        try {
          seq = Long.parseLong(id);
        } catch (NumberFormatException e) {
          seq = -1;
        }
      }
      return Optional.of(new SseEvent(seq, name, data.toString()));
    } finally {
      data.setLength(0);
      hasData = false;
      name = "message";
      id = null;
    }
  }
}
