package io.trainyard.environment;

import io.trainyard.environment.domain.EnvironmentEvents;
import io.trainyard.environment.domain.EnvironmentLifecycle;
import io.trainyard.environment.domain.Environments;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class EnvironmentServiceConfiguration {

  @Bean
  EnvironmentLifecycle environmentLifecycle(
      Environments environments, EnvironmentEvents events, Clock clock) {
    return new EnvironmentLifecycle(environments, events, clock);
  }
}
