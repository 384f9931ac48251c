package io.trainyard.platform.ray;

import io.trainyard.contracts.environment.ClusterEndpoints;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Where clusters' tokens are: files of this machine for local clusters ({@code
 * trainyard.ray.tokens=files}, the default), Secrets beside RayClusters on Kubernetes ({@code
 * kubernetes}), and where their dashboards can be.
 */
@Configuration(proxyBeanMethods = false)
public class RayTokensConfiguration {

  @Bean
  @ConditionalOnProperty(
      name = "trainyard.ray.tokens",
      havingValue = "files",
      matchIfMissing = true)
  TokenFiles tokenFiles(@Value("${trainyard.ray.token-dir}") Path dir) {
    return new TokenFiles(dir);
  }

  @Bean
  @ConditionalOnProperty(
      name = "trainyard.ray.tokens",
      havingValue = "files",
      matchIfMissing = true)
  ClusterEndpoints localEndpoints() {
    return ClusterEndpoints.local();
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "trainyard.ray.tokens", havingValue = "kubernetes")
  static class OnKubernetes {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    io.fabric8.kubernetes.client.KubernetesClient kubernetesClient() {
      return new io.fabric8.kubernetes.client.KubernetesClientBuilder().build();
    }

    @Bean
    TokenSecrets tokenSecrets(
        io.fabric8.kubernetes.client.KubernetesClient client,
        @Value("${trainyard.kubernetes.namespace-prefix:ty-}") String prefix) {
      return new TokenSecrets(client, prefix);
    }

    @Bean
    ClusterEndpoints kubernetesEndpoints(
        @Value("${trainyard.kubernetes.namespace-prefix:ty-}") String prefix,
        @Value("${trainyard.kubernetes.cluster-domain:cluster.local}") String domain) {
      return ClusterEndpoints.kubernetes(prefix, domain);
    }
  }
}
