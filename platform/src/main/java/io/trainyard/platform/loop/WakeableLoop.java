package io.trainyard.platform.loop;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A background worker on its own thread: runs a pass, then waits until woken or until the idle
 * interval passes. A failed pass is logged and tried again a second later; nothing stops the loop
 * but the application stopping.
 */
public abstract class WakeableLoop implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(WakeableLoop.class);

  private final String name;
  private final Duration idle;
  private final Semaphore wakeups = new Semaphore(0);
  private volatile boolean running;
  private Thread thread;

  protected WakeableLoop(String name, Duration idle) {
    this.name = name;
    this.idle = idle;
  }

  /** One pass; true when more work may be waiting already. */
  protected abstract boolean runOnce();

  public void wake() {
    wakeups.release();
  }

  private void loop() {
    while (running) {
      try {
        if (!runOnce()) {
          wakeups.tryAcquire(idle.toMillis(), TimeUnit.MILLISECONDS);
          wakeups.drainPermits();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        log.warn("{} pass failed, retrying: {}", name, e.toString());
        try {
          Thread.sleep(1000);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  @Override
  public synchronized void start() {
    running = true;
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
