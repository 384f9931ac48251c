package io.trainyard.job.domain.sweep;

import io.trainyard.contracts.TrainyardEvent;
import io.trainyard.contracts.job.JobSubmitted;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a sweep decision changes: the sweep to store, its events, and what to do to its trials'
 * jobs: submit (pausing after {@code pauseAt}, unless null), resume paused ones, and stop (job id
 * to reason). The caller stores and publishes first, then acts.
 */
public record SweepStep(
    Optional<Sweep> sweep,
    List<TrainyardEvent> events,
    List<Submit> submit,
    List<Resume> resume,
    Map<String, String> stop) {

  /** A trial's job to submit; its first attempt pauses after {@code pauseAt}, unless null. */
  public record Submit(JobSubmitted job, Integer pauseAt) {}

  /** A paused trial's job to resume, until {@code until} (null: its end), for {@code reason}. */
  public record Resume(String jobId, Integer until, String reason) {}

  public SweepStep {
    events = List.copyOf(events);
    submit = List.copyOf(submit);
    resume = List.copyOf(resume);
    stop = Map.copyOf(stop);
  }

  static SweepStep none() {
    return new SweepStep(Optional.empty(), List.of(), List.of(), List.of(), Map.of());
  }
}
