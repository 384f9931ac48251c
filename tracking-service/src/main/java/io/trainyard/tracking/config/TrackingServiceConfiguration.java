package io.trainyard.tracking.config;

import io.trainyard.tracking.domain.ExperimentTracker;
import io.trainyard.tracking.domain.RunTracking;
import io.trainyard.tracking.domain.TrackingEvents;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MlflowProperties.class)
class TrackingServiceConfiguration {

  @Bean
  RunTracking runTracking(ExperimentTracker tracker, TrackingEvents events) {
    return new RunTracking(tracker, events);
  }
}
