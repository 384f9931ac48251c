package io.trainyard.contracts.intake;

import java.util.Map;

/**
 * An outside system asks, for {@code owner}, what a user asks through the REST API; {@code token}
 * is that user's API token, the proof that the system acts for them. The gateway answers on {@code
 * trainyard.intake.replies.<system>}.
 *
 * @param action submit-job (with {@code job}), cancel-job (with {@code jobId}), create-environment
 *     (with {@code environment}) or delete-environment (with its name)
 */
public record IntakeRequested(
    String requestId,
    String system,
    String owner,
    String token,
    String action,
    Job job,
    String jobId,
    Environment environment)
    implements IntakeEvent {

  public static final String SUBMIT_JOB = "submit-job";
  public static final String CANCEL_JOB = "cancel-job";
  public static final String CREATE_ENVIRONMENT = "create-environment";
  public static final String DELETE_ENVIRONMENT = "delete-environment";

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
        requestId, system, owner, "[redacted]", action, job, jobId, environment);
  }
}
