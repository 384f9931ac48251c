package io.trainyard.job.domain;

import java.util.List;

/**
 * Lines of an attempt's log, read from where the last read stopped.
 *
 * @param lines complete lines; once the attempt ended and its log was read to the end, the last
 *     unfinished line too
 * @param more more lines could be read already: the read stopped at its cap
 */
public record LogRead(List<String> lines, boolean more) {

  public LogRead {
    lines = List.copyOf(lines);
  }

  public static LogRead none() {
    return new LogRead(List.of(), false);
  }
}
