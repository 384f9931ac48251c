package io.trainyard.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Says why a new schema would break a reader or writer of the old one: a removed property, a
 * property that changed type, a newly required property, a value removed from an enum, a new
 * minimum or maximum. Adding optional properties is compatible.
 */
final class SchemaCompatibility {

  private SchemaCompatibility() {}

  static List<String> breakingChanges(JsonNode before, JsonNode after) {
    List<String> problems = new ArrayList<>();
    compare("$", before, after, problems);
    return problems;
  }

  private static void compare(String path, JsonNode before, JsonNode after, List<String> out) {
    if (!before.path("type").equals(after.path("type"))) {
      out.add(path + ": type changed from " + before.path("type") + " to " + after.path("type"));
    }
    Set<String> requiredBefore = texts(before.path("required"));
    for (String name : texts(after.path("required"))) {
      if (!requiredBefore.contains(name)) {
        out.add(path + "." + name + ": newly required");
      }
    }
    if (before.has("enum")) {
      Set<String> now = texts(after.path("enum"));
      for (String value : texts(before.path("enum"))) {
        if (!now.contains(value)) {
          out.add(path + ": enum value '" + value + "' removed");
        }
      }
    }
    for (String bound : List.of("minimum", "maximum", "minLength", "maxLength", "pattern")) {
      if (!before.path(bound).equals(after.path(bound))) {
        out.add(
            path
                + ": "
                + bound
                + " changed from "
                + before.path(bound)
                + " to "
                + after.path(bound));
      }
    }
    before
        .path("properties")
        .fields()
        .forEachRemaining(
            field -> {
              JsonNode now = after.path("properties").get(field.getKey());
              String child = path + "." + field.getKey();
              if (now == null) {
                out.add(child + ": removed");
              } else {
                compare(child, field.getValue(), now, out);
              }
            });
  }

  private static Set<String> texts(JsonNode array) {
    Set<String> values = new HashSet<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}
