package io.trainyard.job.domain;

import io.trainyard.contracts.job.JobEvent;
import java.util.List;
import java.util.Optional;

/** What a domain decision changes: the job to store (if any) and the events to publish. */
public record Transition(Optional<Job> job, List<JobEvent> events) {

  static Transition none() {
    return new Transition(Optional.empty(), List.of());
  }

  static Transition of(Job job, JobEvent... events) {
    return new Transition(Optional.of(job), List.of(events));
  }
}
