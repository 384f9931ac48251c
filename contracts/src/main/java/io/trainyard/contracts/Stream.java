package io.trainyard.contracts;

/** The logical streams; each service maps them to topic names in its configuration. */
public enum Stream {
  ENVIRONMENTS("trainyard.environments"),
  JOBS("trainyard.jobs"),
  /**
   * Users' requests for environments and jobs, as the gateway takes them; only the owning service
   * reads them, and it records each one it takes on its own stream, its only writer.
   */
  ENVIRONMENT_REQUESTS("trainyard.environment-requests"),
  JOB_REQUESTS("trainyard.job-requests"),
  JOB_LOGS("trainyard.job-logs"),
  TRACKING("trainyard.tracking"),
  USERS("trainyard.users"),
  /** Requests of outside systems, each with its user's proof; only the gateway reads it. */
  INTAKE("trainyard.intake"),
  DLQ("trainyard.dlq");

  private final String defaultTopic;

  Stream(String defaultTopic) {
    this.defaultTopic = defaultTopic;
  }

  public String defaultTopic() {
    return defaultTopic;
  }
}
