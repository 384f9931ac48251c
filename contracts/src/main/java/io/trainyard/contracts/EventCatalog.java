package io.trainyard.contracts;

import io.trainyard.contracts.environment.EnvironmentDeleteRequested;
import io.trainyard.contracts.environment.EnvironmentDeleted;
import io.trainyard.contracts.environment.EnvironmentFailed;
import io.trainyard.contracts.environment.EnvironmentProvisioning;
import io.trainyard.contracts.environment.EnvironmentReady;
import io.trainyard.contracts.environment.EnvironmentRejected;
import io.trainyard.contracts.environment.EnvironmentRequested;
import io.trainyard.contracts.intake.IntakeAnswered;
import io.trainyard.contracts.intake.IntakeRequested;
import io.trainyard.contracts.job.JobCancelRequested;
import io.trainyard.contracts.job.JobCancelled;
import io.trainyard.contracts.job.JobFailed;
import io.trainyard.contracts.job.JobPaused;
import io.trainyard.contracts.job.JobProgressed;
import io.trainyard.contracts.job.JobQueued;
import io.trainyard.contracts.job.JobRejected;
import io.trainyard.contracts.job.JobResumed;
import io.trainyard.contracts.job.JobStarted;
import io.trainyard.contracts.job.JobSubmitted;
import io.trainyard.contracts.job.JobSucceeded;
import io.trainyard.contracts.joblog.JobLogsAppended;
import io.trainyard.contracts.sweep.SweepCancelRequested;
import io.trainyard.contracts.sweep.SweepCompleted;
import io.trainyard.contracts.sweep.SweepRejected;
import io.trainyard.contracts.sweep.SweepRequested;
import io.trainyard.contracts.sweep.TrialPromoted;
import io.trainyard.contracts.sweep.TrialStarted;
import io.trainyard.contracts.sweep.TrialStopped;
import io.trainyard.contracts.tracking.ModelRegistered;
import io.trainyard.contracts.tracking.ModelRegistrationFailed;
import io.trainyard.contracts.tracking.RunCreated;
import io.trainyard.contracts.tracking.SweepRunCreated;
import io.trainyard.contracts.user.UserSignedUp;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every event type Trainyard produces or consumes. Wire names never follow Java class names. */
public final class EventCatalog {

  public static final List<EventType> TYPES =
      List.of(
          envRequest("requested", EnvironmentRequested.class),
          env("rejected", EnvironmentRejected.class),
          env("provisioning", EnvironmentProvisioning.class),
          env("ready", EnvironmentReady.class),
          env("failed", EnvironmentFailed.class),
          envRequest("delete-requested", EnvironmentDeleteRequested.class),
          env("deleted", EnvironmentDeleted.class),
          jobRequest("submitted", JobSubmitted.class),
          job("rejected", JobRejected.class),
          job("queued", JobQueued.class),
          job("started", JobStarted.class),
          job("progressed", JobProgressed.class),
          job("paused", JobPaused.class),
          job("resumed", JobResumed.class),
          job("succeeded", JobSucceeded.class),
          job("failed", JobFailed.class),
          jobRequest("cancel-requested", JobCancelRequested.class),
          job("cancelled", JobCancelled.class),
          sweepRequest("requested", SweepRequested.class),
          sweep("rejected", SweepRejected.class),
          sweep("trial-started", TrialStarted.class),
          sweep("trial-promoted", TrialPromoted.class),
          sweep("trial-stopped", TrialStopped.class),
          sweepRequest("cancel-requested", SweepCancelRequested.class),
          sweep("completed", SweepCompleted.class),
          new EventType("io.trainyard.joblog.appended.v1", JobLogsAppended.class, Stream.JOB_LOGS),
          tracking("run-created", RunCreated.class),
          tracking("model-registered", ModelRegistered.class),
          tracking("registration-failed", ModelRegistrationFailed.class),
          tracking("sweep-run-created", SweepRunCreated.class),
          new EventType("io.trainyard.user.signed-up.v1", UserSignedUp.class, Stream.USERS),
          new EventType("io.trainyard.intake.requested.v1", IntakeRequested.class, Stream.INTAKE),
          // Answers go to each system's own reply topic (KafkaAccess.replies), not the intake.
          new EventType("io.trainyard.intake.answered.v1", IntakeAnswered.class, Stream.INTAKE));

  private static final Map<String, EventType> BY_TYPE =
      TYPES.stream().collect(Collectors.toUnmodifiableMap(EventType::type, Function.identity()));
  private static final Map<Class<?>, EventType> BY_CLASS =
      TYPES.stream()
          .collect(Collectors.toUnmodifiableMap(EventType::javaType, Function.identity()));

  private static final Map<String, EventType> BY_STREAM_NAME =
      TYPES.stream()
          .collect(
              Collectors.toUnmodifiableMap(
                  EventCatalog::streamName, Function.identity(), (a, b) -> a));

  private EventCatalog() {}

  public static Optional<EventType> byType(String type) {
    return Optional.ofNullable(BY_TYPE.get(type));
  }

  /**
   * The name a gateway stream gives it: {@code io.trainyard.job.progressed.v1} is {@code
   * job.progressed}.
   */
  public static String streamName(EventType type) {
    return type.type().replaceFirst("^io\\.trainyard\\.", "").replaceFirst("\\.v\\d+$", "");
  }

  public static Optional<EventType> byStreamName(String name) {
    return Optional.ofNullable(BY_STREAM_NAME.get(name));
  }

  public static EventType of(TrainyardEvent event) {
    EventType type = BY_CLASS.get(event.getClass());
    if (type == null) {
      throw new IllegalArgumentException("not in the catalogue: " + event.getClass().getName());
    }
    return type;
  }

  private static EventType env(String name, Class<? extends TrainyardEvent> type) {
    return new EventType("io.trainyard.environment." + name + ".v1", type, Stream.ENVIRONMENTS);
  }

  private static EventType envRequest(String name, Class<? extends TrainyardEvent> type) {
    return new EventType(
        "io.trainyard.environment." + name + ".v1",
        type,
        Stream.ENVIRONMENTS,
        Stream.ENVIRONMENT_REQUESTS);
  }

  private static EventType jobRequest(String name, Class<? extends TrainyardEvent> type) {
    return new EventType(
        "io.trainyard.job." + name + ".v1", type, Stream.JOBS, Stream.JOB_REQUESTS);
  }

  private static EventType job(String name, Class<? extends TrainyardEvent> type) {
    return new EventType("io.trainyard.job." + name + ".v1", type, Stream.JOBS);
  }

  /** Sweeps share the job streams: their trials are jobs, and one service writes both. */
  private static EventType sweepRequest(String name, Class<? extends TrainyardEvent> type) {
    return new EventType(
        "io.trainyard.sweep." + name + ".v1", type, Stream.JOBS, Stream.JOB_REQUESTS);
  }

  private static EventType sweep(String name, Class<? extends TrainyardEvent> type) {
    return new EventType("io.trainyard.sweep." + name + ".v1", type, Stream.JOBS);
  }

  private static EventType tracking(String name, Class<? extends TrainyardEvent> type) {
    return new EventType("io.trainyard.tracking." + name + ".v1", type, Stream.TRACKING);
  }
}
