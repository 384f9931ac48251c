package io.trainyard.environment.domain;

import java.time.Instant;

/**
 * One user's Ray cluster: what was asked for, what was last seen, and when it was last used.
 *
 * @param reason why it is in its status: what provisioning waits for, why it failed, or who asked
 *     for the deletion (user, idle)
 * @param since when the current status began (the provisioning deadline counts from it)
 */
public record Environment(
    String owner,
    String name,
    EnvironmentSpec spec,
    EnvironmentStatus status,
    String reason,
    String dashboardUrl,
    Instant since,
    Instant lastActivity,
    Instant updatedAt) {

  public String key() {
    return owner + "/" + name;
  }

  public static Environment requested(String owner, String name, EnvironmentSpec spec, Instant at) {
    return new Environment(
        owner, name, spec, EnvironmentStatus.REQUESTED, "requested", null, at, at, at);
  }

  Environment to(EnvironmentStatus next, String why, Instant at) {
    Instant start = next == status ? since : at;
    String url = next == EnvironmentStatus.READY ? dashboardUrl : null;
    return new Environment(owner, name, spec, next, why, url, start, lastActivity, at);
  }

  Environment ready(String url, Instant at) {
    return new Environment(
        owner, name, spec, EnvironmentStatus.READY, null, url, at, lastActivity, at);
  }

  Environment respec(EnvironmentSpec next, Instant at) {
    return new Environment(
        owner, name, next, EnvironmentStatus.REQUESTED, "requested", null, at, at, at);
  }

  Environment usedAt(Instant at) {
    return new Environment(owner, name, spec, status, reason, dashboardUrl, since, at, updatedAt);
  }
}
