package io.trainyard.job.domain.sweep;

import io.trainyard.contracts.TrainyardEvent;
import io.trainyard.contracts.job.JobSubmitted;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a sweep decision changes: the sweep to store, its events, the trials' jobs to submit and the
 * trials' jobs to stop (job id to reason). The caller stores and publishes first, then acts.
 */
public record SweepStep(
    Optional<Sweep> sweep,
    List<TrainyardEvent> events,
    List<JobSubmitted> submit,
    Map<String, String> stop) {

  public SweepStep {
    events = List.copyOf(events);
    submit = List.copyOf(submit);
    stop = Map.copyOf(stop);
  }

  static SweepStep none() {
    return new SweepStep(Optional.empty(), List.of(), List.of(), Map.of());
  }
}
