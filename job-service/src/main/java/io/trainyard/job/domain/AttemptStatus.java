package io.trainyard.job.domain;

/**
 * What the cluster says about one attempt's Ray job.
 *
 * @param message Ray's message, or why the cluster did not answer
 * @param exitCode the entrypoint's exit code once it ended, else null
 * @param errorType Ray's error type for failures outside the entrypoint, else null
 * @param modelUri where the executor left the model, when not in the MLflow run
 */
public record AttemptStatus(
    State state, String message, Integer exitCode, String errorType, String modelUri) {

  public AttemptStatus(State state, String message, Integer exitCode, String errorType) {
    this(state, message, exitCode, errorType, null);
  }

  /** The runtime's exit code for "the cluster failed under me" (see trainyard_runtime/job.py). */
  public static final int INFRASTRUCTURE_EXIT = 75;

  public enum State {
    PENDING,
    RUNNING,
    SUCCEEDED,
    FAILED,
    STOPPED,
    /** The cluster answers but has no such job: it restarted and lost it, or it was never sent. */
    NOT_FOUND,
    /** The cluster did not answer. */
    UNREACHABLE;

    public boolean terminal() {
      return this == SUCCEEDED || this == FAILED || this == STOPPED;
    }
  }

  public static AttemptStatus of(State state) {
    return new AttemptStatus(state, null, null, null);
  }

  public static AttemptStatus unreachable(String why) {
    return new AttemptStatus(State.UNREACHABLE, why, null, null);
  }

  /** Failed because the cluster failed, not because of what the job runs. */
  public boolean infrastructureFailure() {
    if (state != State.FAILED) {
      return false;
    }
    if (exitCode != null) {
      return exitCode == INFRASTRUCTURE_EXIT;
    }
    return errorType != null
        && (errorType.contains("SUPERVISOR") || errorType.contains("RUNTIME_ENV"));
  }
}
