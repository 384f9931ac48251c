package io.trainyard.job.domain;

import io.trainyard.contracts.TrainyardEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What a domain decision changes: the job to store (if any) and the events to publish. */
public record Transition(Optional<Job> job, List<TrainyardEvent> events) {

  static Transition none() {
    return new Transition(Optional.empty(), List.of());
  }

  static Transition of(Job job, TrainyardEvent... events) {
    return new Transition(Optional.of(job), List.of(events));
  }

  static Transition of(Job job, List<? extends TrainyardEvent> events) {
    return new Transition(Optional.of(job), List.copyOf(events));
  }

  /**
   * A user's request that this change takes, recorded first on the job stream, whose one writer
   * this service is; a request that changes nothing leaves no record.
   */
  Transition recording(TrainyardEvent request) {
    if (job.isEmpty() && events.isEmpty()) {
      return this;
    }
    List<TrainyardEvent> all = new ArrayList<>();
    all.add(request);
    all.addAll(events);
    return new Transition(job, all);
  }

  /** This change, then {@code next} applied to its result. */
  Transition then(Transition next) {
    List<TrainyardEvent> all = new ArrayList<>(events);
    all.addAll(next.events());
    return new Transition(next.job().isPresent() ? next.job() : job, all);
  }
}
