package io.trainyard.cli.commands;

/**
 * Ctrl-C as a question rather than an end: the JVM's SIGINT handler is replaced while a watch runs.
 * Where the signal cannot be caught (another JVM), Ctrl-C ends the command as usual.
 */
final class Interrupts {

  private Interrupts() {}

  @SuppressWarnings("restriction")
  static void onCtrlC(Runnable handler) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> handler.run());
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      // No handler here: the default one ends the process.
    }
  }
}
