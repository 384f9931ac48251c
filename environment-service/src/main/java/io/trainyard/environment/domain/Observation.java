package io.trainyard.environment.domain;

/**
 * One look at a cluster: its phase, the reason it is not ready (scheduler message, image pull
 * error, ...), and where its dashboard and Jobs API answer once ready.
 */
public record Observation(Phase phase, String reason, String dashboardUrl, int readyWorkers) {

  public static Observation absent() {
    return new Observation(Phase.ABSENT, "no cluster", null, 0);
  }

  public static Observation pending(String reason) {
    return new Observation(Phase.PENDING, reason, null, 0);
  }

  public static Observation failed(String reason) {
    return new Observation(Phase.FAILED, reason, null, 0);
  }

  public static Observation ready(String dashboardUrl, int readyWorkers) {
    return new Observation(Phase.READY, null, dashboardUrl, readyWorkers);
  }
}
