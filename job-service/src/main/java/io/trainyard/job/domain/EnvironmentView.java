package io.trainyard.job.domain;

/**
 * What job-service knows of an environment from its events: whether it takes jobs now, where its
 * Ray Jobs API answers, and how many workers it has.
 */
public record EnvironmentView(
    String owner, String name, boolean ready, String jobsApiUrl, int workers) {

  /** The DJL executor's queue: this machine, always ready, one worker. */
  public static EnvironmentView local(String owner, String name) {
    return new EnvironmentView(owner, name, true, null, 1);
  }
}
