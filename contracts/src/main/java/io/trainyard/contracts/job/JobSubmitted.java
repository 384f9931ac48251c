package io.trainyard.contracts.job;

import java.util.Map;

/**
 * A training job asked for by {@code owner}. The producer chooses {@code jobId}, so a repeated
 * submission is recognised. Either {@code template} or {@code code} is set; {@code data} is
 * optional.
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
    Resources resources)
    implements JobEvent {

  public JobSubmitted {
    hyperparameters = hyperparameters == null ? Map.of() : Map.copyOf(hyperparameters);
  }
}
