package io.trainyard.contracts.environment;

import com.fasterxml.jackson.annotation.JsonProperty;

public record EnvironmentDeleted(String owner, String name, Reason reason)
    implements EnvironmentEvent {

  public enum Reason {
    @JsonProperty("user")
    USER,
    @JsonProperty("idle")
    IDLE,
    @JsonProperty("failure")
    FAILURE
  }
}
