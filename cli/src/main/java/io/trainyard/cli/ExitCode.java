package io.trainyard.cli;

/** What a script can tell from the exit status alone. */
public final class ExitCode {
  public static final int OK = 0;

  /** The job, sweep or environment ended other than well: failed, rejected, cancelled. */
  public static final int ENDED_BADLY = 1;

  /** The command line was wrong (picocli's own code for it). */
  public static final int USAGE = 2;

  /** The API refused the request: invalid, not found, not allowed. */
  public static final int REFUSED = 3;

  /** The platform did not answer, or answered with a server error. */
  public static final int UNAVAILABLE = 4;

  /** Stopped watching with Ctrl-C; what was watched goes on. */
  public static final int INTERRUPTED = 130;

  private ExitCode() {}
}
