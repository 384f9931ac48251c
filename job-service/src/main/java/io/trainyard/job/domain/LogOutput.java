package io.trainyard.job.domain;

import io.trainyard.contracts.TrainyardEvent;
import io.trainyard.contracts.job.JobProgressed;
import io.trainyard.contracts.joblog.JobLogsAppended;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an attempt's new log lines become: log events small enough for any broker and any reader, a
 * progress event per new step, and the tail a failure quotes. Text from a cluster is the user's
 * code talking: it is cleaned of what no database or terminal should receive, and cut to size.
 */
public final class LogOutput {

  static final int MAX_LINE = 4096;
  static final int LINES_PER_EVENT = 200;

  /** Of JSON per log event, well under the broker's default 1 MiB a record. */
  static final int BYTES_PER_EVENT = 256 * 1024;

  static final int TAIL = 25;

  private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]");

  private LogOutput() {}

  /** The attempt after {@code fresh} (its next complete lines), and the events they make. */
  record Read(Job.Attempt attempt, List<TrainyardEvent> events) {}

  static Read read(Job job, List<String> fresh) {
    Job.Attempt attempt = job.attempt();
    if (fresh.isEmpty()) {
      return new Read(attempt, List.of());
    }
    List<String> plain = fresh.stream().map(LogOutput::sanitize).toList();
    List<String> lines = plain.stream().map(LogOutput::clip).toList();
    List<TrainyardEvent> events = new ArrayList<>(chunks(job, attempt.logLines(), lines));
    long step = attempt.lastStep();
    Map<String, Double> metrics = new LinkedHashMap<>(attempt.metrics());
    // Progress is read from the whole line: a long one is cut only for the log.
    for (String line : plain) {
      Optional<Progress> progress = Progress.parse(line);
      // Ray may print a worker's line twice; a step is reported once.
      if (progress.isPresent() && progress.get().step() > step) {
        Progress p = progress.get();
        step = p.step();
        metrics.putAll(p.metrics());
        events.add(
            new JobProgressed(
                job.id(),
                job.owner(),
                attempt.number(),
                p.epoch(),
                p.epochs(),
                p.step(),
                p.metrics()));
      }
    }
    return new Read(
        attempt.read(attempt.logLines() + lines.size(), step, metrics, tail(attempt.tail(), lines)),
        events);
  }

  /** Log events of at most {@link #LINES_PER_EVENT} lines and {@link #BYTES_PER_EVENT} bytes. */
  private static List<JobLogsAppended> chunks(Job job, long first, List<String> lines) {
    List<JobLogsAppended> events = new ArrayList<>();
    int start = 0;
    long bytes = 0;
    for (int i = 0; i < lines.size(); i++) {
      long size = jsonBytes(lines.get(i));
      if (i > start && (i - start == LINES_PER_EVENT || bytes + size > BYTES_PER_EVENT)) {
        events.add(chunk(job, first + start, lines.subList(start, i)));
        start = i;
        bytes = 0;
      }
      bytes += size;
    }
    events.add(chunk(job, first + start, lines.subList(start, lines.size())));
    return events;
  }

  private static JobLogsAppended chunk(Job job, long first, List<String> lines) {
    return new JobLogsAppended(
        job.id(), job.owner(), job.attempt().number(), first, List.copyOf(lines));
  }

  /** The bytes a cleaned line takes as a JSON string, its quotes and comma included. */
  static long jsonBytes(String line) {
    long bytes = 3;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"' || c == '\\' || c == '\t') {
        bytes += 2;
      } else if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800 || Character.isSurrogate(c)) {
        bytes += 2;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /**
   * A line as it may be stored and shown: no terminal colours, no NUL or other control character
   * (tabs stay), no half of a surrogate pair, at most {@link #MAX_LINE} characters.
   */
  public static String clean(String line) {
    return clip(sanitize(line));
  }

  private static String clip(String line) {
    return line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + " [cut]" : line;
  }

  private static String sanitize(String line) {
    String plain = line.indexOf('\u001B') >= 0 ? ANSI.matcher(line).replaceAll("") : line;
    StringBuilder out = null;
    for (int i = 0; i < plain.length(); i++) {
      char c = plain.charAt(i);
      boolean bad =
          (c < 0x20 && c != '\t')
              || c == 0x7F
              || (Character.isHighSurrogate(c)
                  && (i + 1 == plain.length() || !Character.isLowSurrogate(plain.charAt(i + 1))))
              || (Character.isLowSurrogate(c)
                  && (i == 0 || !Character.isHighSurrogate(plain.charAt(i - 1))));
      if (bad && out == null) {
        out = new StringBuilder(plain.length()).append(plain, 0, i);
      }
      if (out != null) {
        out.append(bad ? '\uFFFD' : c);
      }
    }
    return out == null ? plain : out.toString();
  }

  /** What Ray puts before a line a worker printed: {@code (RayTrainWorker pid=42) }. */
  private static final Pattern WORKER = Pattern.compile("^\\([^()]*pid=\\d+[^()]*\\) ");

  /**
   * The last lines the driver printed (its traceback, when the job failed): workers' lines, which
   * Ray may still be forwarding after the driver gave up, come into the tail only while the driver
   * said nothing yet.
   */
  private static List<String> tail(List<String> before, List<String> fresh) {
    List<String> all = new ArrayList<>(before);
    for (String line : fresh) {
      if (line.isBlank()) {
        continue;
      }
      boolean worker = WORKER.matcher(line).find();
      if (!worker) {
        all.removeIf(l -> WORKER.matcher(l).find());
        all.add(line);
      } else if (all.stream().allMatch(l -> WORKER.matcher(l).find())) {
        all.add(line);
      }
    }
    return List.copyOf(all.subList(Math.max(0, all.size() - TAIL), all.size()));
  }

  /** The last {@code count} lines of the attempt's log, as a failure's reason quotes them. */
  static String lastLines(Job.Attempt attempt, int count) {
    List<String> tail = attempt.tail();
    return String.join("\n", tail.subList(Math.max(0, tail.size() - count), tail.size()));
  }
}
