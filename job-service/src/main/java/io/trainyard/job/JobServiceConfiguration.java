package io.trainyard.job;

import io.trainyard.contracts.job.Executor;
import io.trainyard.job.api.ExecutionLoop;
import io.trainyard.job.config.JobProperties;
import io.trainyard.job.domain.Environments;
import io.trainyard.job.domain.JobEventHandler;
import io.trainyard.job.domain.JobEvents;
import io.trainyard.job.domain.JobLifecycle;
import io.trainyard.job.domain.Jobs;
import io.trainyard.job.domain.SubmissionCheck;
import io.trainyard.job.domain.TrainingBackend;
import io.trainyard.job.domain.Uploads;
import java.time.Clock;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the framework-free domain. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(JobProperties.class)
class JobServiceConfiguration {

  @Bean
  JobLifecycle jobLifecycle(Clock clock, JobProperties properties) {
    return new JobLifecycle(
        clock, properties.maxAttempts(), properties.lostAfter(), properties.startTimeout());
  }

  @Bean
  SubmissionCheck submissionCheck(Uploads uploads, JobProperties properties) {
    return new SubmissionCheck(uploads, properties.maxWorkers());
  }

  @Bean
  JobEventHandler jobEventHandler(
      Jobs jobs,
      Environments environments,
      JobEvents events,
      JobLifecycle lifecycle,
      SubmissionCheck check,
      io.trainyard.contracts.environment.ClusterEndpoints endpoints) {
    return new JobEventHandler(jobs, environments, events, lifecycle, check, endpoints);
  }

  @Bean
  ExecutionLoop executionLoop(
      Jobs jobs,
      Environments environments,
      JobEvents events,
      JobLifecycle lifecycle,
      SubmissionCheck check,
      @Qualifier("rayJobsBackend") TrainingBackend ray,
      @Qualifier("djlBackend") TrainingBackend djl,
      TransactionTemplate tx,
      JobProperties properties) {
    return new ExecutionLoop(
        jobs,
        environments,
        events,
        lifecycle,
        check,
        Map.of(Executor.RAY, ray, Executor.DJL, djl),
        tx,
        properties.pollInterval(),
        properties.concurrentLooks());
  }
}
