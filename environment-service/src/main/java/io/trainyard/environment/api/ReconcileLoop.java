package io.trainyard.environment.api;

import io.trainyard.environment.domain.Environment;
import io.trainyard.environment.domain.EnvironmentLifecycle;
import io.trainyard.environment.domain.Environments;
import io.trainyard.environment.domain.Observation;
import io.trainyard.environment.domain.Phase;
import io.trainyard.environment.domain.Provisioner;
import io.trainyard.platform.loop.WakeableLoop;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Drives every active environment towards what was asked, on a timer and whenever something changed
 * (a request, a RayCluster event): for each, its cluster is looked at, the step is decided and
 * recorded in one short transaction, and what the cluster needs is done after the commit. Clusters
 * the provisioner manages that no active environment wants are removed: nothing leaks after a
 * crash.
 */
public class ReconcileLoop extends WakeableLoop {

  private static final Logger log = LoggerFactory.getLogger(ReconcileLoop.class);

  private final Environments environments;
  private final EnvironmentLifecycle lifecycle;
  private final Provisioner provisioner;
  private final TransactionTemplate tx;
  private final Duration pendingInterval;
  private final long passesPerSweep;
  private volatile boolean pending;
  private long passes;

  /**
   * @param interval how long to wait between passes when every cluster is settled
   * @param pendingInterval how long while a cluster is coming up: a person is waiting for it
   */
  public ReconcileLoop(
      Environments environments,
      EnvironmentLifecycle lifecycle,
      Provisioner provisioner,
      TransactionTemplate tx,
      Duration interval,
      Duration pendingInterval) {
    super("environment-reconciler", interval);
    this.environments = environments;
    this.lifecycle = lifecycle;
    this.provisioner = provisioner;
    this.tx = tx;
    this.pendingInterval = pendingInterval;
    // While a cluster comes up, leaks are looked for no more often than when all are settled.
    this.passesPerSweep =
        Math.max(1, interval.toMillis() / Math.max(1, pendingInterval.toMillis()));
  }

  @Override
  protected Duration idle() {
    return pending ? pendingInterval : super.idle();
  }

  /** One pass over every active environment, then a sweep for clusters nobody wants. */
  public void reconcileAll() {
    Set<String> wanted = new HashSet<>();
    boolean anyPending = false;
    for (Environment env : environments.active()) {
      wanted.add(env.key());
      MDC.put("environment", env.key());
      try {
        // Look, decide and record, then act: the cluster is called outside the transaction.
        Observation seen = EnvironmentLifecycle.observes(env) ? provisioner.observe(env) : null;
        anyPending |= seen != null && seen.phase() == Phase.PENDING;
        if (seen != null && seen.reason() != null && !seen.reason().equals(env.reason())) {
          log.info("{} {}: {}", env.status(), seen.phase(), seen.reason());
        }
        EnvironmentLifecycle.Step step =
            tx.execute(s -> lifecycle.reconcile("reconcile/" + UUID.randomUUID(), env, seen));
        switch (step) {
          case APPLY -> provisioner.apply(env);
          case DELETE -> provisioner.delete(env.owner(), env.name());
          case NOTHING -> {}
        }
        if (step != EnvironmentLifecycle.Step.NOTHING) {
          wake();
        }
      } catch (RuntimeException e) {
        log.warn("reconciling {} failed, will retry: {}", env.key(), e.toString());
      } finally {
        MDC.remove("environment");
      }
    }
    pending = anyPending;
    if (anyPending && ++passes % passesPerSweep != 0) {
      return;
    }
    for (String key : provisioner.managed()) {
      if (!wanted.contains(key)) {
        int slash = key.indexOf('/');
        log.info("removing cluster {}: no active environment wants it", key);
        provisioner.delete(key.substring(0, slash), key.substring(slash + 1));
      }
    }
  }

  @Override
  protected boolean runOnce() {
    reconcileAll();
    return false;
  }

  /** Stops before the web server and Kafka listeners go away. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 100;
  }
}
