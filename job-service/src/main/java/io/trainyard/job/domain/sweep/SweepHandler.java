package io.trainyard.job.domain.sweep;

import io.trainyard.contracts.TrainyardEvent;
import io.trainyard.contracts.codec.InvalidEventException;
import io.trainyard.contracts.job.JobEvent;
import io.trainyard.contracts.job.JobSubmitted;
import io.trainyard.contracts.sweep.SweepCancelRequested;
import io.trainyard.contracts.sweep.SweepEvent;
import io.trainyard.contracts.sweep.SweepRequested;
import io.trainyard.job.domain.EnvironmentView;
import io.trainyard.job.domain.Environments;
import io.trainyard.job.domain.JobEventHandler;
import io.trainyard.job.domain.JobEvents;
import io.trainyard.job.domain.JobLifecycle;
import io.trainyard.job.domain.Jobs;
import io.trainyard.job.domain.SubmissionCheck;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Applies sweep requests and what their trials' jobs do, in the caller's transaction: the sweep is
 * stored and its events published first, then its trials' jobs are submitted, resumed or stopped.
 */
public class SweepHandler {

  private final Sweeps sweeps;
  private final Jobs jobs;
  private final Environments environments;
  private final SweepLifecycle lifecycle;
  private final JobLifecycle jobLifecycle;
  private final SubmissionCheck check;
  private final JobEvents events;
  private final Supplier<JobEventHandler> jobHandler;

  public SweepHandler(
      Sweeps sweeps,
      Jobs jobs,
      Environments environments,
      SweepLifecycle lifecycle,
      JobLifecycle jobLifecycle,
      SubmissionCheck check,
      JobEvents events,
      Supplier<JobEventHandler> jobHandler) {
    this.sweeps = sweeps;
    this.jobs = jobs;
    this.environments = environments;
    this.lifecycle = lifecycle;
    this.jobLifecycle = jobLifecycle;
    this.check = check;
    this.events = events;
    this.jobHandler = jobHandler;
  }

  public void on(String causationId, SweepEvent event) {
    if (event instanceof SweepRequested request) {
      check
          .forgery(probe(request))
          .ifPresent(
              why -> {
                throw new InvalidEventException(why);
              });
      Optional<Integer> workers =
          environments
              .find(request.owner(), request.environment())
              .filter(EnvironmentView::ready)
              .map(EnvironmentView::workers);
      apply(causationId, lifecycle.requested(sweeps.lock(request.sweepId()), request, workers));
    } else if (event instanceof SweepCancelRequested cancel) {
      apply(causationId, lifecycle.cancelRequested(sweeps.lock(cancel.sweepId()), cancel));
    }
  }

  /** An event a job published; one of a trial moves its sweep on. */
  public void onTrial(String causationId, JobEvent event) {
    jobs.find(event.jobId())
        .map(job -> job.spec().sweep())
        .flatMap(sweeps::lock)
        .ifPresent(sweep -> apply(causationId + "/sweep", lifecycle.trial(sweep, event)));
  }

  private void apply(String causationId, SweepStep step) {
    step.sweep().ifPresent(sweeps::save);
    List<TrainyardEvent> out = step.events();
    for (int i = 0; i < out.size(); i++) {
      events.publish(i == 0 ? causationId : causationId + "#" + i, out.get(i));
    }
    for (SweepStep.Submit trial : step.submit()) {
      jobHandler
          .get()
          .submit(causationId + "/" + trial.job().jobId(), trial.job(), trial.pauseAt());
    }
    for (SweepStep.Resume resume : step.resume()) {
      JobEventHandler.apply(
          jobs,
          events,
          causationId + "/resume/" + resume.jobId(),
          jobLifecycle.resumed(jobs.lock(resume.jobId()), resume.until(), resume.reason()));
    }
    for (Map.Entry<String, String> stop : step.stop().entrySet()) {
      JobEventHandler.apply(
          jobs,
          events,
          causationId + "/stop/" + stop.getKey(),
          jobLifecycle.stopRequested(jobs.lock(stop.getKey()), stop.getValue()));
    }
  }

  /** A job with the sweep's files, whose ownership is checked once, when the sweep arrives. */
  private static JobSubmitted probe(SweepRequested r) {
    return new JobSubmitted(
        r.sweepId(),
        r.owner(),
        r.environment(),
        r.template(),
        r.code(),
        r.data(),
        r.hyperparameters(),
        r.workers(),
        r.resources(),
        r.executor(),
        r.sweepId());
  }
}
