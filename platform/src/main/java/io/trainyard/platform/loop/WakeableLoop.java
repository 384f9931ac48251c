package io.trainyard.platform.loop;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A background worker on its own thread: runs a pass, then waits until woken or until the idle
 * interval passes. A pass that throws is logged and tried again a second later; an {@link Error}
 * (out of memory, a broken class path) ends the loop, and {@link #problem} then says so, which
 * turns the service's health DOWN, as does a pass that has not finished for longer than the stall
 * limit: a loop never stops in silence.
 */
public abstract class WakeableLoop implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(WakeableLoop.class);

  private final String name;
  private final Duration idle;
  private final Semaphore wakeups = new Semaphore(0);
  private volatile boolean running;
  private volatile Throwable died;
  private volatile long passStartedNanos;
  private volatile boolean inPass;
  private Thread thread;

  protected WakeableLoop(String name, Duration idle) {
    this.name = name;
    this.idle = idle;
  }

  /** One pass; true when more work may be waiting already. */
  protected abstract boolean runOnce() throws Exception;

  /** How long to wait after a pass with nothing more to do, unless woken. */
  protected Duration idle() {
    return idle;
  }

  /** How long one pass may take before the loop counts as stalled. */
  protected Duration stallAfter() {
    return Duration.ofMinutes(10);
  }

  public String name() {
    return name;
  }

  public void wake() {
    wakeups.release();
  }

  /** Why this loop is not doing its work, if it is not: it died, or one pass has not ended. */
  public Optional<String> problem() {
    if (!running) {
      return Optional.empty();
    }
    if (died != null) {
      return Optional.of(name + " stopped: " + died);
    }
    if (thread != null && !thread.isAlive()) {
      return Optional.of(name + " stopped");
    }
    long inThisPass = System.nanoTime() - passStartedNanos;
    if (inPass && inThisPass > stallAfter().toNanos()) {
      return Optional.of(
          name + " has been in one pass for " + Duration.ofNanos(inThisPass).toSeconds() + " s");
    }
    return Optional.empty();
  }

  private void loop() {
    while (running) {
      try {
        passStartedNanos = System.nanoTime();
        inPass = true;
        boolean more = runOnce();
        inPass = false;
        if (!more) {
          wakeups.tryAcquire(idle().toMillis(), TimeUnit.MILLISECONDS);
          wakeups.drainPermits();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        inPass = false;
        log.warn("{} pass failed, retrying: {}", name, e.toString());
        try {
          Thread.sleep(1000);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      } catch (Throwable e) {
        died = e;
        log.error("{} stopped: the service is unhealthy until it restarts", name, e);
        return;
      }
    }
  }

  @Override
  public synchronized void start() {
    running = true;
    died = null;
    thread = new Thread(this::loop, name);
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public synchronized void stop() {
    running = false;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
