package io.trainyard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The served OpenAPI document without what varies per run (the server URL), keys sorted. */
final class OpenApiDocument {

  private static final JsonMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

  private OpenApiDocument() {}

  static String normalized(String served) throws Exception {
    JsonNode doc = JSON.readTree(served);
    ((ObjectNode) doc).remove("servers");
    Object sorted = JSON.treeToValue(doc, Object.class);
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(sorted) + "\n";
  }
}
