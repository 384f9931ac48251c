package io.trainyard.contracts;

/** The logical streams; each service maps them to topic names in its configuration. */
public enum Stream {
  ENVIRONMENTS("trainyard.environments"),
  JOBS("trainyard.jobs"),
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
