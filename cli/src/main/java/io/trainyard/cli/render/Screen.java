package io.trainyard.cli.render;

import java.io.PrintWriter;
import java.util.List;

/**
 * Where a watch prints. On a terminal a progress line is redrawn in place and stays once a line
 * follows it; elsewhere (a log, CI) every update is a line of its own. Paused while a question is
 * asked, so no redraw runs over it.
 */
public final class Screen {

  private static final String CLEAR_LINE = "\r\033[2K";

  private final PrintWriter out;
  private final boolean terminal;
  private boolean progressShown;
  private boolean paused;

  public Screen(PrintWriter out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  public synchronized void show(List<JobWatch.Update> updates) {
    if (paused) {
      return;
    }
    for (JobWatch.Update u : updates) {
      if (u.progress()) {
        progress(u.text());
      } else {
        line(u.text());
      }
    }
  }

  public synchronized void line(String text) {
    if (progressShown) {
      out.print(terminal ? "\n" : "");
      progressShown = false;
    }
    out.println(text);
    out.flush();
  }

  public synchronized void progress(String text) {
    if (paused) {
      return;
    }
    if (terminal) {
      out.print(CLEAR_LINE + text);
      progressShown = true;
    } else {
      out.println(text);
    }
    out.flush();
  }

  /** Stops drawing until {@link #resume()}; the bar drawn last stays above the question. */
  public synchronized void pause() {
    if (progressShown) {
      out.println();
      progressShown = false;
    }
    paused = true;
    out.flush();
  }

  public synchronized void resume() {
    paused = false;
  }
}
