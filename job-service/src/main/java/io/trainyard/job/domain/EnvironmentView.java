package io.trainyard.job.domain;

/**
 * What job-service knows of an environment from its events: whether it takes jobs now, where its
 * Ray Jobs API answers, and how many workers it has.
 */
public record EnvironmentView(
    String owner, String name, boolean ready, String jobsApiUrl, int workers) {

  public String key() {
    return owner + "/" + name;
  }
}
