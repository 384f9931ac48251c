package io.trainyard.environment.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param provisioner {@code local} (Ray processes on this machine) or {@code kubernetes} (KubeRay)
 * @param reconcileInterval how often every active environment is looked at, besides the wake-ups
 * @param pendingInterval how often instead while a cluster is coming up, so READY is seen at once
 * @param provisioningTimeout how long an environment may stay not-ready before it fails
 * @param idleTimeout how long a ready environment may go without a running job
 * @param quota per-user limits, summed over the user's environments
 */
@ConfigurationProperties("trainyard.environments")
public record EnvironmentProperties(
    String provisioner,
    Duration reconcileInterval,
    Duration pendingInterval,
    Duration provisioningTimeout,
    Duration idleTimeout,
    QuotaProperties quota) {

  public EnvironmentProperties {
    provisioner = provisioner == null ? "local" : provisioner;
    reconcileInterval = reconcileInterval == null ? Duration.ofSeconds(2) : reconcileInterval;
    pendingInterval = pendingInterval == null ? Duration.ofMillis(200) : pendingInterval;
    provisioningTimeout =
        provisioningTimeout == null ? Duration.ofMinutes(10) : provisioningTimeout;
    idleTimeout = idleTimeout == null ? Duration.ofMinutes(30) : idleTimeout;
    quota = quota == null ? new QuotaProperties(0, 0, 0, 0, 0) : quota;
  }

  public record QuotaProperties(
      int maxEnvironments, int maxWorkers, double maxCpu, double maxMemoryGi, int maxGpus) {
    public QuotaProperties {
      maxEnvironments = maxEnvironments <= 0 ? 3 : maxEnvironments;
      maxWorkers = maxWorkers <= 0 ? 8 : maxWorkers;
      maxCpu = maxCpu <= 0 ? 16 : maxCpu;
      maxMemoryGi = maxMemoryGi <= 0 ? 64 : maxMemoryGi;
    }
  }
}
