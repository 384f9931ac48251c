package io.trainyard.cli.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.cli.CliException;
import io.trainyard.cli.ExitCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The gateway's REST API and event streams, with the caller's token; every refusal an {@link
 * ApiProblem}.
 */
public final class Api {

  public static final ObjectMapper JSON = new ObjectMapper();

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

  /** No line at all (the gateway sends heartbeats) for this long means a dead connection. */
  private static final Duration STREAM_SILENCE = Duration.ofSeconds(45);

  /** A stream that cannot be reopened for this long gives up. */
  private static final Duration STREAM_GIVE_UP = Duration.ofMinutes(5);

  /** Handed to a follower for each heartbeat, so it can give up waiting between events. */
  public static final SseEvent HEARTBEAT = new SseEvent(-1, "heartbeat", "");

  private final String base;
  private final Optional<String> token;
  private final HttpClient http;

  public Api(String base, Optional<String> token) {
    this.base = base.replaceAll("/+$", "");
    this.token = token;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  public String base() {
    return base;
  }

  public JsonNode get(String path) {
    return send(request(path).GET());
  }

  public JsonNode post(String path, Object body) {
    return post(path, body, Map.of());
  }

  public JsonNode post(String path, Object body, Map<String, String> headers) {
    HttpRequest.Builder request =
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json(body)));
    headers.forEach(request::header);
    return send(request);
  }

  public JsonNode post(String path, Multipart body, Map<String, String> headers) {
    HttpRequest.Builder request =
        request(path).header("Content-Type", body.contentType()).POST(body.publisher());
    headers.forEach(request::header);
    return send(request);
  }

  public JsonNode delete(String path) {
    return send(request(path).DELETE());
  }

  /**
   * Reads a stream from after {@code after} (0: from its start) until {@code onEvent} answers
   * false, reopening it from the last id seen whenever the connection drops, so no event is missed
   * or repeated. The stream's own end of the credential ends it with a refusal. Heartbeats come as
   * {@link #HEARTBEAT}.
   *
   * @return the id of the last event handed over
   */
  public long follow(String path, long after, Predicate<SseEvent> onEvent) {
    long last = after;
    long failingSince = 0;
    while (true) {
      HttpResponse<Stream<String>> response;
      try {
        HttpRequest.Builder request =
            request(path + (path.contains("?") ? "&" : "?") + "after=" + last)
                .timeout(Duration.ofDays(7))
                .header("Accept", "text/event-stream");
        response = http.send(request.GET().build(), HttpResponse.BodyHandlers.ofLines());
      } catch (IOException e) {
        failingSince = waitBeforeReopening(failingSince, e);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliException(ExitCode.INTERRUPTED, "interrupted");
      }
      if (response.statusCode() >= 400) {
        String text;
        try (Stream<String> lines = response.body()) {
          text = String.join("\n", (Iterable<String>) lines::iterator);
        }
        if (response.statusCode() < 500) {
          throw ApiProblem.of(response.statusCode(), parse(text), text);
        }
        failingSince =
            waitBeforeReopening(
                failingSince, ApiProblem.of(response.statusCode(), parse(text), text));
        continue;
      }
      failingSince = 0;
      AtomicLong heard = new AtomicLong(System.nanoTime());
      ScheduledExecutorService watchdog = daemon("stream-watchdog");
      try (Stream<String> lines = response.body()) {
        watchdog.scheduleAtFixedRate(
            () -> {
              if (System.nanoTime() - heard.get() > STREAM_SILENCE.toNanos()) {
                lines.close();
              }
            },
            5,
            5,
            TimeUnit.SECONDS);
        SseParser parser = new SseParser();
        Iterator<String> it = lines.iterator();
        while (it.hasNext()) {
          heard.set(System.nanoTime());
          String line = it.next();
          if (line.startsWith(":")) {
            if (!onEvent.test(HEARTBEAT)) {
              return last;
            }
            continue;
          }
          Optional<SseEvent> event = parser.line(line);
          if (event.isEmpty()) {
            continue;
          }
          if (event.get().name().equals("ended")) {
            throw new CliException(
                ExitCode.REFUSED,
                "the stream ended: your credential expired or was revoked; log in again");
          }
          if (event.get().id() >= 0) {
            last = event.get().id();
          }
          if (!onEvent.test(event.get())) {
            return last;
          }
        }
      } catch (UncheckedIOException e) {
        // The connection dropped mid-stream: reopened below from the last id.
      } finally {
        watchdog.shutdownNow();
      }
      failingSince = waitBeforeReopening(failingSince, null);
    }
  }

  /** A timer thread that never keeps the command from ending. */
  public static ScheduledExecutorService daemon(String name) {
    return Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }

  private long waitBeforeReopening(long failingSince, Exception why) {
    long now = System.nanoTime();
    long since = failingSince == 0 ? now : failingSince;
    if (why != null && now - since > STREAM_GIVE_UP.toNanos()) {
      throw unavailable(why);
    }
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCode.INTERRUPTED, "interrupted");
    }
    return why == null ? 0 : since;
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(CALL_TIMEOUT);
    token.ifPresent(t -> builder.header("Authorization", "Bearer " + t));
    return builder;
  }

  private JsonNode send(HttpRequest.Builder request) {
    HttpResponse<String> response;
    try {
      response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw unavailable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCode.INTERRUPTED, "interrupted");
    }
    JsonNode body = parse(response.body());
    if (response.statusCode() >= 400) {
      throw ApiProblem.of(response.statusCode(), body, response.body());
    }
    return body == null ? JSON.nullNode() : body;
  }

  private CliException unavailable(Exception e) {
    if (e instanceof CliException cli) {
      return cli;
    }
    String why =
        e instanceof ConnectException
            ? "nothing answers there (is it up? ./trainyard up)"
            : e instanceof HttpTimeoutException
                ? "it did not answer in time"
                : String.valueOf(e.getMessage());
    return new CliException(ExitCode.UNAVAILABLE, "cannot reach Trainyard at " + base + ": " + why);
  }

  private static JsonNode parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  public static String json(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
