package io.trainyard.environment;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.trainyard.environment.adapters.k8s.KubernetesProperties;
import io.trainyard.environment.adapters.k8s.KubernetesProvisioner;
import io.trainyard.environment.adapters.ray.LocalClusters;
import io.trainyard.environment.adapters.ray.LocalRayProperties;
import io.trainyard.environment.adapters.ray.LocalRayProvisioner;
import io.trainyard.environment.api.ReconcileLoop;
import io.trainyard.environment.config.EnvironmentProperties;
import io.trainyard.environment.domain.EnvironmentEvents;
import io.trainyard.environment.domain.EnvironmentLifecycle;
import io.trainyard.environment.domain.Environments;
import io.trainyard.environment.domain.Provisioner;
import io.trainyard.environment.domain.Quota;
import io.trainyard.environment.domain.Timeouts;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
  EnvironmentProperties.class,
  KubernetesProperties.class,
  LocalRayProperties.class
})
class EnvironmentServiceConfiguration {

  @Bean
  EnvironmentLifecycle environmentLifecycle(
      Environments environments,
      EnvironmentEvents events,
      EnvironmentProperties properties,
      Clock clock) {
    var q = properties.quota();
    return new EnvironmentLifecycle(
        environments,
        events,
        new Quota(q.maxEnvironments(), q.maxWorkers(), q.maxCpu(), q.maxMemoryGi(), q.maxGpus()),
        new Timeouts(properties.provisioningTimeout(), properties.idleTimeout()),
        clock);
  }

  @Bean
  ReconcileLoop reconcileLoop(
      Environments environments,
      EnvironmentLifecycle lifecycle,
      Provisioner provisioner,
      TransactionTemplate tx,
      EnvironmentProperties properties) {
    return new ReconcileLoop(
        environments,
        lifecycle,
        provisioner,
        tx,
        properties.reconcileInterval(),
        properties.pendingInterval());
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "trainyard.environments.provisioner", havingValue = "kubernetes")
  static class OnKubernetes {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    KubernetesClient kubernetesClient() {
      return new KubernetesClientBuilder().build();
    }

    @Bean(destroyMethod = "close")
    KubernetesProvisioner provisioner(
        KubernetesClient client,
        KubernetesProperties properties,
        @Lazy ObjectProvider<ReconcileLoop> loop) {
      return new KubernetesProvisioner(
          client, properties, () -> loop.ifAvailable(ReconcileLoop::wake));
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(
      name = "trainyard.environments.provisioner",
      havingValue = "local",
      matchIfMissing = true)
  static class OnThisMachine {

    /** Local clusters stop with the service; the reconciler starts them again on its return. */
    @Bean(destroyMethod = "stopAll")
    LocalRayProvisioner provisioner(
        LocalRayProperties properties,
        LocalClusters store,
        io.trainyard.platform.ray.TokenFiles tokens) {
      return new LocalRayProvisioner(properties, store, tokens);
    }
  }
}
