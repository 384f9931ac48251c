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
import io.trainyard.job.domain.TrialEvents;
import io.trainyard.job.domain.Uploads;
import io.trainyard.job.domain.sweep.SweepHandler;
import io.trainyard.job.domain.sweep.SweepLifecycle;
import io.trainyard.job.domain.sweep.Sweeps;
import java.time.Clock;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
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

  /** Every job event a trial's job publishes moves its sweep on, in the same transaction. */
  @Bean
  @Primary
  JobEvents trialEvents(
      @Qualifier("outboxJobEvents") JobEvents outbox, ObjectProvider<SweepHandler> sweeps) {
    return new TrialEvents(outbox, sweeps::getObject);
  }

  @Bean
  SweepHandler sweepHandler(
      Sweeps sweeps,
      Jobs jobs,
      Environments environments,
      Clock clock,
      JobLifecycle lifecycle,
      SubmissionCheck check,
      JobEvents events,
      ObjectProvider<JobEventHandler> jobHandler) {
    return new SweepHandler(
        sweeps,
        jobs,
        environments,
        new SweepLifecycle(clock),
        lifecycle,
        check,
        events,
        jobHandler::getObject);
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
