package io.trainyard.gateway.domain;

import io.trainyard.contracts.EventCatalog;
import io.trainyard.contracts.TrainyardEvent;
import io.trainyard.contracts.codec.CloudEventCodec;
import io.trainyard.contracts.codec.InvalidEventException;
import io.trainyard.contracts.environment.ClusterEndpoints;
import io.trainyard.contracts.environment.EnvironmentEvent;
import io.trainyard.contracts.environment.EnvironmentReady;
import io.trainyard.contracts.job.JobEvent;
import io.trainyard.contracts.joblog.JobLogsAppended;
import io.trainyard.contracts.sweep.SweepEvent;
import io.trainyard.contracts.sweep.SweepRequested;
import io.trainyard.contracts.tracking.JobTrackingEvent;
import io.trainyard.contracts.tracking.ModelRegistered;
import io.trainyard.contracts.tracking.SweepRunCreated;
import io.trainyard.contracts.tracking.TrackingEvent;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Optional;

/**
 * Applies one event to the read model and adds it to its owner's stream, in the caller's
 * transaction.
 */
public class ReadModelUpdater {

  private final ReadModel model;
  private final EventLog log;
  private final ClusterEndpoints endpoints;

  public ReadModelUpdater(ReadModel model, EventLog log, ClusterEndpoints endpoints) {
    this.model = model;
    this.log = log;
    this.endpoints = endpoints;
  }

  public void on(JobEvent event, Instant at) {
    java.util.Optional<JobView> current = model.jobForUpdate(event.jobId());
    Projections.job(current, event, at).ifPresent(model::save);
    String environment =
        event instanceof io.trainyard.contracts.job.JobSubmitted s
            ? s.environment()
            : current.map(j -> j.spec().environment()).orElse(null);
    String sweep =
        event instanceof io.trainyard.contracts.job.JobSubmitted s
            ? s.sweep()
            : current.map(j -> j.spec().sweep()).orElse(null);
    append(event, event.owner(), event.jobId(), environment, sweep);
  }

  public void on(SweepEvent event, Instant at) {
    Optional<SweepView> current = model.sweepForUpdate(event.sweepId());
    SweepProjection.sweep(current, event, at).ifPresent(model::save);
    String environment =
        event instanceof SweepRequested r
            ? r.environment()
            : current.map(s -> s.spec().environment()).orElse(null);
    append(event, event.owner(), null, environment, event.sweepId());
  }

  /**
   * Tracking follows the job's (or sweep's) submission on another topic and may overtake it here;
   * the caller retries the event for a while, so its run and model are not dropped for a moment's
   * lag.
   */
  public void on(TrackingEvent event, Instant at) {
    if (event instanceof SweepRunCreated r) {
      Optional<SweepView> sweep = model.sweepForUpdate(r.sweepId());
      if (sweep.isEmpty()) {
        throw new NotYetKnownException("sweep " + r.sweepId());
      }
      model.save(SweepProjection.parentRun(sweep.get(), r, at));
      append(event, event.owner(), null, null, r.sweepId());
      return;
    }
    JobTrackingEvent jobEvent = (JobTrackingEvent) event;
    Optional<JobView> current = model.jobForUpdate(jobEvent.jobId());
    if (current.isEmpty()) {
      throw new NotYetKnownException("job " + jobEvent.jobId());
    }
    Projections.tracking(current, jobEvent, at).ifPresent(model::save);
    if (event instanceof ModelRegistered m) {
      model.save(Projections.modelVersion(m, at));
    }
    append(event, event.owner(), jobEvent.jobId(), null, current.get().spec().sweep());
  }

  /** A ready cluster's dashboard must be one its provisioner made: the proxy sends its token. */
  public void on(EnvironmentEvent event, Instant at) {
    if (event instanceof EnvironmentReady r) {
      endpoints
          .problem(r.owner(), r.name(), r.dashboardUrl(), r.jobsApiUrl())
          .ifPresent(
              why -> {
                throw new InvalidEventException(why);
              });
    }
    Projections.environment(model.environment(event.owner(), event.name()), event, at)
        .ifPresent(model::save);
    append(event, event.owner(), null, event.name(), null);
  }

  public void on(JobLogsAppended event) {
    model.appendLogs(event.jobId(), event.attempt(), event.firstLine(), event.lines());
    append(event, event.owner(), event.jobId(), null, null);
  }

  public static class NotYetKnownException extends RuntimeException {
    NotYetKnownException(String what) {
      super(what + " is not known here: its submission has not arrived");
    }
  }

  /** The stream's event name: {@code io.trainyard.job.progressed.v1} is {@code job.progressed}. */
  public static String streamName(TrainyardEvent event) {
    return EventCatalog.streamName(EventCatalog.of(event));
  }

  private void append(
      TrainyardEvent event, String owner, String jobId, String environment, String sweep) {
    try {
      String data = CloudEventCodec.mapper().writeValueAsString(event);
      log.append(owner, jobId, environment, sweep, streamName(event), data);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
