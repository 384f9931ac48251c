package io.trainyard.environment.api;

import io.trainyard.environment.domain.Environment;
import io.trainyard.environment.domain.EnvironmentLifecycle;
import io.trainyard.environment.domain.Environments;
import io.trainyard.environment.domain.Provisioner;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Drives every active environment towards what was asked, one transaction per environment, on a
 * timer and whenever something changed (a request, a RayCluster event). Clusters the provisioner
 * manages that no active environment wants are removed: nothing leaks after a crash.
 */
public class ReconcileLoop implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ReconcileLoop.class);

  private final Environments environments;
  private final EnvironmentLifecycle lifecycle;
  private final Provisioner provisioner;
  private final TransactionTemplate tx;
  private final Duration interval;
  private final Semaphore wakeups = new Semaphore(0);
  private volatile boolean running;
  private Thread thread;

  public ReconcileLoop(
      Environments environments,
      EnvironmentLifecycle lifecycle,
      Provisioner provisioner,
      TransactionTemplate tx,
      Duration interval) {
    this.environments = environments;
    this.lifecycle = lifecycle;
    this.provisioner = provisioner;
    this.tx = tx;
    this.interval = interval;
  }

  public void wake() {
    wakeups.release();
  }

  /** One pass over every active environment, then a sweep for clusters nobody wants. */
  public void reconcileAll() {
    Set<String> wanted = new HashSet<>();
    for (Environment env : environments.active()) {
      wanted.add(env.key());
      MDC.put("environment", env.key());
      try {
        tx.executeWithoutResult(
            s -> lifecycle.reconcile("reconcile/" + UUID.randomUUID(), env.owner(), env.name()));
      } catch (RuntimeException e) {
        log.warn("reconciling {} failed, will retry: {}", env.key(), e.toString());
      } finally {
        MDC.remove("environment");
      }
    }
    for (String key : provisioner.managed()) {
      if (!wanted.contains(key)) {
        int slash = key.indexOf('/');
        log.info("removing cluster {}: no active environment wants it", key);
        provisioner.delete(key.substring(0, slash), key.substring(slash + 1));
      }
    }
  }

  private void loop() {
    while (running) {
      try {
        reconcileAll();
        wakeups.tryAcquire(interval.toMillis(), TimeUnit.MILLISECONDS);
        wakeups.drainPermits();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        log.warn("reconcile pass failed: {}", e.toString());
      }
    }
  }

  @Override
  public synchronized void start() {
    running = true;
    thread = new Thread(this::loop, "environment-reconciler");
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

  /** Stops before the web server and Kafka listeners go away. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 100;
  }
}
