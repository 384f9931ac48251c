package io.trainyard.contracts;

/**
 * One entry of the catalogue: the stable wire name ({@code ce_type}), the record it binds to, the
 * stream it is recorded on, and for a user's request the stream it travels on first, to the service
 * that takes it and records it ({@code requests}, else null). The schema lives at {@code
 * schemas/<type>.json}.
 */
public record EventType(
    String type, Class<? extends TrainyardEvent> javaType, Stream stream, Stream requests) {

  public EventType(String type, Class<? extends TrainyardEvent> javaType, Stream stream) {
    this(type, javaType, stream, null);
  }

  public String schemaResource() {
    return "schemas/" + type + ".json";
  }
}
