package io.trainyard.job.domain;

import io.trainyard.contracts.environment.EnvironmentDeleted;
import io.trainyard.contracts.environment.EnvironmentEvent;
import io.trainyard.contracts.environment.EnvironmentFailed;
import io.trainyard.contracts.job.JobCancelRequested;
import io.trainyard.contracts.job.JobEvent;
import io.trainyard.contracts.job.JobSubmitted;
import io.trainyard.contracts.tracking.RunCreated;
import io.trainyard.contracts.tracking.TrackingEvent;

/** Applies incoming events to jobs. Called once per event, inside one transaction. */
public class JobEventHandler {

  private final Jobs jobs;
  private final JobEvents events;
  private final JobLifecycle lifecycle;

  public JobEventHandler(Jobs jobs, JobEvents events, JobLifecycle lifecycle) {
    this.jobs = jobs;
    this.events = events;
    this.lifecycle = lifecycle;
  }

  public void on(String causationId, JobEvent event) {
    if (event instanceof JobSubmitted submitted) {
      apply(causationId, lifecycle.submitted(jobs.find(submitted.jobId()), submitted));
    } else if (event instanceof JobCancelRequested cancel) {
      apply(causationId, lifecycle.cancelRequested(jobs.find(cancel.jobId())));
    }
  }

  public void on(String causationId, EnvironmentEvent event) {
    if (event instanceof EnvironmentDeleted deleted) {
      failJobsIn(causationId, deleted, "was deleted");
    } else if (event instanceof EnvironmentFailed failed) {
      failJobsIn(causationId, failed, "failed: " + failed.reason());
    }
  }

  public void on(String causationId, TrackingEvent event) {
    if (event instanceof RunCreated run) {
      apply(causationId, lifecycle.runCreated(jobs.find(run.jobId()), run.runId()));
    }
  }

  private void failJobsIn(String causationId, EnvironmentEvent event, String why) {
    for (Job job : jobs.unfinishedIn(event.owner(), event.name())) {
      apply(causationId, lifecycle.environmentGone(job, why));
    }
  }

  private void apply(String causationId, Transition transition) {
    transition.job().ifPresent(jobs::save);
    transition.events().forEach(e -> events.publish(causationId, e));
  }
}
