package io.trainyard.testsupport;

import io.trainyard.processes.ProcessGroups;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** A child process in a session of its own, its output in a log file, stopped with its group. */
public final class LocalProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path log;

  private LocalProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  public static LocalProcess start(String name, List<String> command, Path log) {
    return start(name, command, log, null, java.util.Map.of());
  }

  /** Starts in {@code directory} (null: this one) with {@code env} added to this environment. */
  public static LocalProcess start(
      String name,
      List<String> command,
      Path log,
      Path directory,
      java.util.Map<String, String> env) {
    try {
      ProcessBuilder builder =
          new ProcessBuilder(ProcessGroups.ownSession(command))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      if (directory != null) {
        builder.directory(directory.toFile());
      }
      builder.environment().putAll(env);
      // A program from a virtualenv finds that environment's python first (Ray job entrypoints).
      Path program = Path.of(command.get(0));
      if (program.isAbsolute() && program.getParent() != null) {
        builder
            .environment()
            .merge("PATH", program.getParent().toString(), (old, bin) -> bin + ":" + old);
      }
      Process process = builder.start();
      return new LocalProcess(name, process, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command, e);
    }
  }

  /** Waits until {@code url} answers 200, or fails with the log's location. */
  public void awaitHttpOk(String url, Duration timeout) {
    awaitHttpOk(name, process, url, timeout, log);
  }

  static void awaitHttpOk(String name, Process process, String url, Duration timeout, Path log) {
    awaitHttpOk(name, process, url, java.util.Map.of(), timeout, log);
  }

  static void awaitHttpOk(
      String name,
      Process process,
      String url,
      java.util.Map<String, String> headers,
      Duration timeout,
      Path log) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + "; see " + log);
      }
      if (answers(url, headers)) {
        return;
      }
      sleep(200);
    }
    throw new IllegalStateException(
        name + " did not answer " + url + " in " + timeout + "; see " + log);
  }

  public static boolean answers(String url) {
    return answers(url, java.util.Map.of());
  }

  public static boolean answers(String url, java.util.Map<String, String> headers) {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
      headers.forEach(c::setRequestProperty);
      c.setConnectTimeout(500);
      c.setReadTimeout(2000);
      try {
        return c.getResponseCode() == 200;
      } finally {
        c.disconnect();
      }
    } catch (IOException e) {
      return false;
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** A crash: SIGKILL to the process and its children, no shutdown hook runs. */
  public void kill() {
    ProcessGroups.kill(Set.of(process.pid()));
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGTERM to the process's group, then SIGKILL to whatever is left after the grace period. */
  @Override
  public void close() {
    ProcessGroups.stop(Set.of(process.pid()), Duration.ofSeconds(10));
  }

  /** A port nothing listens on, never one handed out before in this JVM (see FreePorts). */
  public static int freePort() {
    return PORTS.getAsInt();
  }

  private static final io.trainyard.processes.FreePorts PORTS =
      new io.trainyard.processes.FreePorts();

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
