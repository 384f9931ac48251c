package io.trainyard.job.adapters.ray;

import io.trainyard.job.adapters.logs.LogLines;
import io.trainyard.job.domain.LogRead;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one running attempt's driver log as Ray streams it ({@code /api/v0/logs/stream}): new
 * lines arrive as they are written and wait here, at most {@link #CAPACITY} of them, until the
 * supervisor reads them; when they are not read, the stream waits too. Lines below what the last
 * read asked for are let go. A broken stream is opened again, skipping what already came.
 */
final class RayLogFollower implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RayLogFollower.class);
  static final int CAPACITY = 5_000;

  private final HttpClient http;
  private final URI stream;
  private final Map<String, String> headers;
  private final Deque<String> lines = new ArrayDeque<>();
  private final Thread thread;
  private long first;
  private long received;
  private volatile boolean closed;
  private volatile InputStream current;

  RayLogFollower(HttpClient http, URI stream, Map<String, String> headers, long from, String name) {
    this.http = http;
    this.stream = stream;
    this.headers = headers;
    this.first = from;
    this.received = from;
    this.thread = new Thread(this::follow, "ray-log-" + name);
    this.thread.setDaemon(true);
    this.thread.start();
  }

  private void follow() {
    while (!closed) {
      try {
        HttpRequest.Builder request = HttpRequest.newBuilder(stream).GET();
        headers.forEach(request::header);
        HttpResponse<InputStream> response =
            http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
          current = in;
          if (response.statusCode() == 200) {
            long skip;
            synchronized (lines) {
              skip = received;
            }
            long[] seen = {0};
            LogLines.Splitter splitter =
                new LogLines.Splitter(
                    line -> {
                      if (seen[0]++ >= skip) {
                        add(line);
                      }
                    });
            byte[] buffer = new byte[8192];
            int n;
            while (!closed && (n = in.read(buffer)) > 0) {
              splitter.feed(buffer, 0, n);
            }
          }
        }
      } catch (IOException e) {
        if (!closed) {
          log.debug("log stream {} broke, opening it again: {}", stream, e.toString());
        }
      } catch (InterruptedException e) {
        return;
      }
      if (!closed) {
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  private void add(String line) {
    synchronized (lines) {
      while (lines.size() >= CAPACITY && !closed) {
        try {
          lines.wait(1000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("log follower stopped");
        }
      }
      lines.addLast(line);
      received++;
    }
  }

  /**
   * Up to {@code max} lines from line {@code from}; what lies below it is let go. Null when those
   * lines were let go already, so only the whole log still has them.
   */
  LogRead read(long from, int max) {
    synchronized (lines) {
      while (first < from && !lines.isEmpty()) {
        lines.pollFirst();
        first++;
      }
      lines.notifyAll();
      if (from < first) {
        return null;
      }
      if (from > first) {
        return LogRead.none();
      }
      List<String> out = new ArrayList<>(Math.min(max, lines.size()));
      for (String line : lines) {
        if (out.size() == max) {
          break;
        }
        out.add(line);
      }
      return new LogRead(out, lines.size() > max);
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    InputStream in = current;
    if (in != null) {
      try {
        in.close();
      } catch (IOException ignored) {
        // the stream is going anyway
      }
    }
    synchronized (lines) {
      lines.clear();
      lines.notifyAll();
    }
  }
}
