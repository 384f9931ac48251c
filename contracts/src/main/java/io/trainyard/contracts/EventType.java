package io.trainyard.contracts;

/**
 * One entry of the catalogue: the stable wire name ({@code ce_type}), the record it binds to, the
 * stream it travels on. The schema lives at {@code schemas/<type>.json}.
 */
public record EventType(String type, Class<? extends TrainyardEvent> javaType, Stream stream) {

  public String schemaResource() {
    return "schemas/" + type + ".json";
  }
}
