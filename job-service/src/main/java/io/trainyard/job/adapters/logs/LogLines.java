package io.trainyard.job.adapters.logs;

import io.trainyard.job.domain.LogRead;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Lines from a stream of log bytes, in bounded memory whatever the log holds: earlier lines are
 * skipped without being kept, a read stops at its cap, and a line longer than {@link
 * #MAX_LINE_BYTES} keeps its start only (a script that prints without newlines cannot fill the
 * heap).
 */
public final class LogLines {

  public static final int MAX_LINE_BYTES = 16 * 1024;

  private LogLines() {}

  /** What one read got, and how many bytes of the stream its complete lines took. */
  public record Chunk(LogRead read, long bytes) {}

  /**
   * Up to {@code max} lines after the first {@code skip} ones. With {@code ended}, the stream's
   * unfinished last line counts too (the log will not grow any more).
   */
  public static Chunk read(InputStream in, long skip, int max, boolean ended) throws IOException {
    List<String> lines = new ArrayList<>();
    long[] seen = {0};
    long[] consumed = {0};
    Splitter splitter =
        new Splitter(
            line -> {
              if (seen[0]++ >= skip) {
                lines.add(line);
              }
            });
    byte[] buffer = new byte[8192];
    boolean more = false;
    int n;
    outer:
    while ((n = in.read(buffer)) > 0) {
      for (int i = 0; i < n; i++) {
        if (splitter.feed(buffer[i])) {
          consumed[0] = splitter.bytes();
          if (lines.size() >= max) {
            more = true;
            break outer;
          }
        }
      }
    }
    if (!more && ended) {
      String last = splitter.unfinished();
      if (last != null && seen[0] >= skip) {
        lines.add(last);
      }
    }
    return new Chunk(new LogRead(lines, more), consumed[0]);
  }

  /** Turns bytes into UTF-8 lines, each at most {@link #MAX_LINE_BYTES} long. */
  public static final class Splitter {
    private final Consumer<String> sink;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean cut;
    private long bytes;

    public Splitter(Consumer<String> sink) {
      this.sink = sink;
    }

    /** True when the byte ended a line, which went to the sink. */
    public boolean feed(byte b) {
      bytes++;
      if (b == '\n') {
        sink.accept(text());
        return true;
      }
      if (line.size() < MAX_LINE_BYTES) {
        line.write(b);
      } else {
        cut = true;
      }
      return false;
    }

    public void feed(byte[] data, int offset, int length) {
      for (int i = offset; i < offset + length; i++) {
        feed(data[i]);
      }
    }

    /** Bytes fed so far. */
    public long bytes() {
      return bytes;
    }

    /** The line being written, if any, as the end of a log that will not grow. */
    public String unfinished() {
      return line.size() == 0 && !cut ? null : text();
    }

    private String text() {
      String text = line.toString(StandardCharsets.UTF_8);
      if (text.endsWith("\r")) {
        text = text.substring(0, text.length() - 1);
      }
      String out = cut ? text + " [cut]" : text;
      line.reset();
      cut = false;
      return out;
    }
  }
}
