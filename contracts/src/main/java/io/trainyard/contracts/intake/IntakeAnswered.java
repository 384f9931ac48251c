package io.trainyard.contracts.intake;

/**
 * What became of a request: accepted (the job or environment it made or changed) or refused, with
 * the HTTP status the same request would get from the REST API and the reason.
 */
public record IntakeAnswered(
    String requestId,
    String system,
    boolean accepted,
    int status,
    String jobId,
    String environment,
    String field,
    String reason)
    implements IntakeEvent {}
