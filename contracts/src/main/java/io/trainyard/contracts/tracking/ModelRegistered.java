package io.trainyard.contracts.tracking;

import java.util.List;

public record ModelRegistered(
    String jobId, String owner, String name, int version, List<String> aliases)
    implements JobTrackingEvent {

  public ModelRegistered {
    aliases = aliases == null ? List.of() : List.copyOf(aliases);
  }
}
