package io.trainyard.environment.domain;

import java.time.Instant;

/** One user's Ray cluster: what was asked for, what was last seen, and when it was last used. */
public record Environment(
    String owner,
    String name,
    EnvironmentSpec spec,
    EnvironmentStatus status,
    String reason,
    Instant lastActivity,
    Instant updatedAt) {

  public String key() {
    return owner + "/" + name;
  }

  Environment with(EnvironmentSpec nextSpec, EnvironmentStatus next, String why, Instant at) {
    return new Environment(owner, name, nextSpec, next, why, lastActivity, at);
  }

  Environment usedAt(Instant at) {
    return new Environment(owner, name, spec, status, reason, at, at);
  }
}
