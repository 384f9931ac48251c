package io.trainyard.cli;

import java.util.List;

/** An end of a command that the user is told about in words, never as a stack trace. */
public class CliException extends RuntimeException {

  private final int exitCode;
  private final List<String> lines;

  public CliException(int exitCode, String message) {
    this(exitCode, message, List.of());
  }

  public CliException(int exitCode, String message, List<String> lines) {
    super(message);
    this.exitCode = exitCode;
    this.lines = List.copyOf(lines);
  }

  public int exitCode() {
    return exitCode;
  }

  /** Details under the message, one per line (each wrong field and why). */
  public List<String> lines() {
    return lines;
  }
}
