package io.trainyard.contracts.job;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum Executor {
  @JsonProperty("ray")
  RAY,
  @JsonProperty("djl")
  DJL
}
