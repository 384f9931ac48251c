package io.trainyard.tracking.config;

import io.trainyard.tracking.domain.ExperimentTracker;
import io.trainyard.tracking.domain.ModelRegistration;
import io.trainyard.tracking.domain.ModelRegistry;
import io.trainyard.tracking.domain.ModelRunner;
import io.trainyard.tracking.domain.ModelServing;
import io.trainyard.tracking.domain.ModelStore;
import io.trainyard.tracking.domain.ModelVerifier;
import io.trainyard.tracking.domain.RunTracking;
import io.trainyard.tracking.domain.SweepTracking;
import io.trainyard.tracking.domain.TrackingEvents;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MlflowProperties.class)
class TrackingServiceConfiguration {

  @Bean
  ModelRegistration modelRegistration(
      ModelStore store, ModelVerifier verifier, ModelRegistry registry, ExperimentTracker tracker) {
    return new ModelRegistration(store, verifier, registry, tracker);
  }

  @Bean
  RunTracking runTracking(
      ExperimentTracker tracker,
      TrackingEvents events,
      ModelRegistration registration,
      @org.springframework.beans.factory.annotation.Value("${trainyard.tracking.djl-work-dir}")
          java.nio.file.Path djlWorkDir) {
    return new RunTracking(
        tracker, events, registration, new io.trainyard.tracking.domain.ModelLocations(djlWorkDir));
  }

  @Bean
  SweepTracking sweepTracking(
      ExperimentTracker tracker, TrackingEvents events, ModelRegistration registration) {
    return new SweepTracking(tracker, events, registration);
  }

  @Bean
  ModelServing modelServing(ModelRegistry registry, ModelStore store, ModelRunner runner) {
    return new ModelServing(registry, store, runner);
  }
}
