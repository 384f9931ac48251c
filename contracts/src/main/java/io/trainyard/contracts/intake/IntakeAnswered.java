package io.trainyard.contracts.intake;

/**
 * What became of a request: accepted (the job, environment or sweep it made or changed) or refused,
 * with the HTTP status the same request would get from the REST API and the reason.
 */
public record IntakeAnswered(
    String requestId,
    String system,
    boolean accepted,
    int status,
    String jobId,
    String environment,
    String field,
    String reason,
    String sweepId)
    implements IntakeEvent {

  public IntakeAnswered(
      String requestId,
      String system,
      boolean accepted,
      int status,
      String jobId,
      String environment,
      String field,
      String reason) {
    this(requestId, system, accepted, status, jobId, environment, field, reason, null);
  }
}
