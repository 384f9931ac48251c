package io.trainyard.gateway;

import io.trainyard.gateway.domain.ReadModel;
import io.trainyard.gateway.domain.ReadModelUpdater;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

  @Bean
  ReadModelUpdater readModelUpdater(ReadModel model) {
    return new ReadModelUpdater(model);
  }
}
