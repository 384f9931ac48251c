package io.trainyard.contracts;

/** The logical streams; each service maps them to topic names in its configuration. */
public enum Stream {
  ENVIRONMENTS("trainyard.environments"),
  JOBS("trainyard.jobs"),
  JOB_LOGS("trainyard.job-logs"),
  TRACKING("trainyard.tracking"),
  USERS("trainyard.users"),
  DLQ("trainyard.dlq");

  private final String defaultTopic;

  Stream(String defaultTopic) {
    this.defaultTopic = defaultTopic;
  }

  public String defaultTopic() {
    return defaultTopic;
  }
}
