package io.trainyard.contracts.job;

import java.util.Map;

/**
 * A training job asked for by {@code owner}. The producer chooses {@code jobId}, so a repeated
 * submission is recognised. Either {@code template} or {@code code} is set; {@code data} is
 * optional. {@code executor} is null for Ray; {@code sweep} names the sweep a trial belongs to.
 */
public record JobSubmitted(
    String jobId,
    String owner,
    String environment,
    String template,
    FileRef code,
    FileRef data,
    Map<String, Object> hyperparameters,
    int workers,
    Resources resources,
    Executor executor,
    String sweep)
    implements JobEvent {

  public JobSubmitted {
    hyperparameters = hyperparameters == null ? Map.of() : Map.copyOf(hyperparameters);
  }

  /** A job for the environment's Ray cluster. */
  public JobSubmitted(
      String jobId,
      String owner,
      String environment,
      String template,
      FileRef code,
      FileRef data,
      Map<String, Object> hyperparameters,
      int workers,
      Resources resources) {
    this(
        jobId,
        owner,
        environment,
        template,
        code,
        data,
        hyperparameters,
        workers,
        resources,
        null,
        null);
  }

  /** A job of no sweep. */
  public JobSubmitted(
      String jobId,
      String owner,
      String environment,
      String template,
      FileRef code,
      FileRef data,
      Map<String, Object> hyperparameters,
      int workers,
      Resources resources,
      Executor executor) {
    this(
        jobId,
        owner,
        environment,
        template,
        code,
        data,
        hyperparameters,
        workers,
        resources,
        executor,
        null);
  }

  /** Where it trains; Ray unless DJL was asked for. */
  public Executor executorOrDefault() {
    return executor == null ? Executor.RAY : executor;
  }
}
