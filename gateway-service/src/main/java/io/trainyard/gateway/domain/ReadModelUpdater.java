package io.trainyard.gateway.domain;

import io.trainyard.contracts.environment.EnvironmentEvent;
import io.trainyard.contracts.job.JobEvent;
import io.trainyard.contracts.joblog.JobLogsAppended;
import io.trainyard.contracts.tracking.TrackingEvent;
import java.time.Instant;

/** Applies one event to the read model. */
public class ReadModelUpdater {

  private final ReadModel model;

  public ReadModelUpdater(ReadModel model) {
    this.model = model;
  }

  public void on(JobEvent event, Instant at) {
    Projections.job(model.job(event.jobId()), event, at).ifPresent(model::save);
  }

  public void on(TrackingEvent event, Instant at) {
    Projections.tracking(model.job(event.jobId()), event, at).ifPresent(model::save);
  }

  public void on(EnvironmentEvent event, Instant at) {
    Projections.environment(model.environment(event.owner(), event.name()), event, at)
        .ifPresent(model::save);
  }

  public void on(JobLogsAppended event) {
    model.appendLogs(event.jobId(), event.attempt(), event.firstLine(), event.lines());
  }
}
