package io.trainyard.environment.adapters.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Whether an object on the server already says all that a desired one says, outside metadata and
 * status: the server adds defaults, so the desired content must be covered, not equal. Pure.
 */
final class SameContent {

  private SameContent() {}

  static boolean covers(KubernetesSerialization json, HasMetadata existing, HasMetadata desired) {
    JsonNode want = tree(json, desired);
    ((com.fasterxml.jackson.databind.node.ObjectNode) want).remove(List.of("metadata", "status"));
    return covers(tree(json, existing), want);
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper TREES =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private static JsonNode tree(KubernetesSerialization json, HasMetadata object) {
    try {
      return TREES.readTree(json.asJson(object));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean covers(JsonNode have, JsonNode want) {
    if (want == null || want.isNull()) {
      return true;
    }
    if (have == null) {
      return false;
    }
    if (want.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (!covers(have.get(field.getKey()), field.getValue())) {
          return false;
        }
      }
      return have.isObject();
    }
    if (want.isArray()) {
      if (!have.isArray() || have.size() != want.size()) {
        return false;
      }
      for (int i = 0; i < want.size(); i++) {
        if (!covers(have.get(i), want.get(i))) {
          return false;
        }
      }
      return true;
    }
    return have.asText().equals(want.asText());
  }
}
