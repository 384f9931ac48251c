package io.trainyard.contracts.intake;

import java.util.Map;

/**
 * An outside system asks, for {@code owner}, what a user asks through the REST API; {@code token}
 * is that user's API token, the proof that the system acts for them. The gateway answers on {@code
 * trainyard.intake.replies.<system>}.
 *
 * @param action submit-job (with {@code job}), cancel-job (with {@code jobId}), create-environment
 *     (with {@code environment}), delete-environment (with its name), start-sweep (with {@code
 *     sweep}, as {@code POST /api/sweeps} takes it) or cancel-sweep (with {@code sweepId})
 */
public record IntakeRequested(
    String requestId,
    String system,
    String owner,
    String token,
    String action,
    Job job,
    String jobId,
    Environment environment,
    Map<String, Object> sweep,
    String sweepId)
    implements IntakeEvent {

  public static final String SUBMIT_JOB = "submit-job";
  public static final String CANCEL_JOB = "cancel-job";
  public static final String CREATE_ENVIRONMENT = "create-environment";
  public static final String DELETE_ENVIRONMENT = "delete-environment";
  public static final String START_SWEEP = "start-sweep";
  public static final String CANCEL_SWEEP = "cancel-sweep";

  /** A request about a job or an environment. */
  public IntakeRequested(
      String requestId,
      String system,
      String owner,
      String token,
      String action,
      Job job,
      String jobId,
      Environment environment) {
    this(requestId, system, owner, token, action, job, jobId, environment, null, null);
  }

  /** As {@code POST /api/jobs} takes it, for a built-in template. */
  public record Job(
      String environment,
      String template,
      Integer workers,
      Map<String, Object> hyperparameters,
      String executor) {}

  /** As {@code POST /api/environments} takes it; a delete names it only. */
  public record Environment(
      String name,
      Integer workers,
      Double workerCpu,
      Double workerMemoryGi,
      Integer gpusPerWorker) {}

  /** The same request with its proof taken out, for what people read (the DLQ). */
  public IntakeRequested redacted() {
    return new IntakeRequested(
        requestId, system, owner, "[redacted]", action, job, jobId, environment, sweep, sweepId);
  }
}
