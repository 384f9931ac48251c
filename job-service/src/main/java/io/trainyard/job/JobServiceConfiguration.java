package io.trainyard.job;

import io.trainyard.job.domain.JobEventHandler;
import io.trainyard.job.domain.JobEvents;
import io.trainyard.job.domain.JobLifecycle;
import io.trainyard.job.domain.Jobs;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the framework-free domain. */
@Configuration(proxyBeanMethods = false)
class JobServiceConfiguration {

  @Bean
  JobLifecycle jobLifecycle(Clock clock) {
    return new JobLifecycle(clock);
  }

  @Bean
  JobEventHandler jobEventHandler(Jobs jobs, JobEvents events, JobLifecycle lifecycle) {
    return new JobEventHandler(jobs, events, lifecycle);
  }
}
