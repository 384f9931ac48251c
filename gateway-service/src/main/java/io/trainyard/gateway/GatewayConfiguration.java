package io.trainyard.gateway;

import io.trainyard.gateway.config.GatewayProperties;
import io.trainyard.gateway.domain.EventLog;
import io.trainyard.gateway.domain.ReadModel;
import io.trainyard.gateway.domain.ReadModelUpdater;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayProperties.class)
class GatewayConfiguration {

  @Bean
  ReadModelUpdater readModelUpdater(
      ReadModel model,
      EventLog log,
      io.trainyard.contracts.environment.ClusterEndpoints endpoints) {
    return new ReadModelUpdater(model, log, endpoints);
  }
}
