package io.trainyard.job.domain;

import io.trainyard.contracts.TrainyardEvent;
import io.trainyard.contracts.codec.InvalidEventException;
import io.trainyard.contracts.environment.ClusterEndpoints;
import io.trainyard.contracts.environment.EnvironmentDeleted;
import io.trainyard.contracts.environment.EnvironmentEvent;
import io.trainyard.contracts.environment.EnvironmentFailed;
import io.trainyard.contracts.environment.EnvironmentProvisioning;
import io.trainyard.contracts.environment.EnvironmentReady;
import io.trainyard.contracts.environment.EnvironmentRejected;
import io.trainyard.contracts.environment.EnvironmentRequested;
import io.trainyard.contracts.job.JobCancelRequested;
import io.trainyard.contracts.job.JobEvent;
import io.trainyard.contracts.job.JobSubmitted;
import io.trainyard.contracts.tracking.RunCreated;
import io.trainyard.contracts.tracking.TrackingEvent;
import java.util.List;
import java.util.Optional;

/** Applies incoming events to jobs. Called once per event, inside one transaction. */
public class JobEventHandler {

  private final Jobs jobs;
  private final Environments environments;
  private final JobEvents events;
  private final JobLifecycle lifecycle;
  private final SubmissionCheck check;
  private final ClusterEndpoints endpoints;

  public JobEventHandler(
      Jobs jobs,
      Environments environments,
      JobEvents events,
      JobLifecycle lifecycle,
      SubmissionCheck check,
      ClusterEndpoints endpoints) {
    this.endpoints = endpoints;
    this.jobs = jobs;
    this.environments = environments;
    this.events = events;
    this.lifecycle = lifecycle;
    this.check = check;
  }

  public void on(String causationId, JobEvent event) {
    if (event instanceof JobSubmitted submitted) {
      submit(causationId, submitted, null);
    } else if (event instanceof JobCancelRequested cancel) {
      apply(
          causationId,
          lifecycle
              .cancelRequested(
                  jobs.lock(cancel.jobId()).filter(j -> j.owner().equals(cancel.owner())))
              .recording(cancel));
    }
  }

  /** A submission whose first attempt pauses the job after {@code pauseAt}, unless it is null. */
  public void submit(String causationId, JobSubmitted submitted, Integer pauseAt) {
    check
        .forgery(submitted)
        .ifPresent(
            why -> {
              throw new InvalidEventException(why);
            });
    var existing = jobs.find(submitted.jobId());
    var problem =
        existing.isPresent()
            ? Optional.<Rejection>empty()
            : check.problem(
                submitted, environments.find(submitted.owner(), submitted.environment()));
    apply(
        causationId,
        lifecycle.submitted(existing, submitted, problem, pauseAt).recording(submitted));
  }

  public void on(String causationId, EnvironmentEvent event) {
    if (event instanceof EnvironmentRequested requested) {
      if (environments.find(requested.owner(), requested.name()).isEmpty()) {
        environments.save(new EnvironmentView(requested.owner(), requested.name(), false, null, 0));
      }
    } else if (event instanceof EnvironmentProvisioning provisioning) {
      environments
          .find(provisioning.owner(), provisioning.name())
          .ifPresent(
              env ->
                  environments.save(
                      new EnvironmentView(
                          env.owner(), env.name(), false, env.jobsApiUrl(), env.workers())));
    } else if (event instanceof EnvironmentReady ready) {
      endpoints
          .problem(ready.owner(), ready.name(), ready.dashboardUrl(), ready.jobsApiUrl())
          .ifPresent(
              why -> {
                throw new InvalidEventException(why);
              });
      environments.save(
          new EnvironmentView(
              ready.owner(), ready.name(), true, ready.jobsApiUrl(), ready.workers()));
    } else if (event instanceof EnvironmentDeleted deleted) {
      environments.remove(deleted.owner(), deleted.name());
      failJobsIn(causationId, deleted, "was deleted");
    } else if (event instanceof EnvironmentFailed failed) {
      environments.remove(failed.owner(), failed.name());
      failJobsIn(causationId, failed, "failed: " + failed.reason());
    } else if (event instanceof EnvironmentRejected rejected
        && environments.find(rejected.owner(), rejected.name()).isEmpty()) {
      failJobsIn(causationId, rejected, "was refused: " + rejected.reason());
    }
  }

  public void on(String causationId, TrackingEvent event) {
    if (event instanceof RunCreated run) {
      var job = jobs.lock(run.jobId());
      if (job.isEmpty()) {
        throw new UnknownJobException(
            "run "
                + run.runId()
                + " is for job "
                + run.jobId()
                + ", whose submission has not arrived");
      }
      apply(causationId, lifecycle.runCreated(job, run.runId()));
    }
  }

  private void failJobsIn(String causationId, EnvironmentEvent event, String why) {
    for (Job job : jobs.unfinishedIn(event.owner(), event.name())) {
      apply(
          causationId + "/" + job.id(),
          lifecycle.environmentGone(jobs.lock(job.id()).orElse(job), why));
    }
  }

  /** An event about a job this service has not received (yet). */
  public static class UnknownJobException extends RuntimeException {
    UnknownJobException(String message) {
      super(message);
    }
  }

  /** Stores the job and publishes its events; the n-th event of one cause gets its own id. */
  public static void apply(Jobs jobs, JobEvents events, String causationId, Transition t) {
    t.job().ifPresent(jobs::save);
    List<TrainyardEvent> out = t.events();
    for (int i = 0; i < out.size(); i++) {
      events.publish(i == 0 ? causationId : causationId + "#" + i, out.get(i));
    }
  }

  private void apply(String causationId, Transition transition) {
    apply(jobs, events, causationId, transition);
  }
}
