package io.trainyard.job.domain;

import io.trainyard.contracts.TrainyardEvent;
import io.trainyard.contracts.job.JobCancelled;
import io.trainyard.contracts.job.JobEvent;
import io.trainyard.contracts.job.JobFailed;
import io.trainyard.contracts.job.JobPaused;
import io.trainyard.contracts.job.JobProgressed;
import io.trainyard.contracts.job.JobRejected;
import io.trainyard.contracts.job.JobSucceeded;
import io.trainyard.job.domain.sweep.SweepHandler;
import java.util.function.Supplier;

/**
 * Publishes job events and hands those that move a sweep (progress, pauses and ends) to its
 * handler, in the same transaction: an early-stopping decision is never lost between a job's event
 * and its sweep's.
 */
public class TrialEvents implements JobEvents {

  private final JobEvents out;
  private final Supplier<SweepHandler> sweeps;

  public TrialEvents(JobEvents out, Supplier<SweepHandler> sweeps) {
    this.out = out;
    this.sweeps = sweeps;
  }

  @Override
  public void publish(String causationId, TrainyardEvent event) {
    out.publish(causationId, event);
    if (event instanceof JobProgressed
        || event instanceof JobPaused
        || event instanceof JobSucceeded
        || event instanceof JobFailed
        || event instanceof JobCancelled
        || event instanceof JobRejected) {
      sweeps.get().onTrial(causationId, (JobEvent) event);
    }
  }
}
