package io.trainyard.contracts.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.trainyard.contracts.codec.CloudEventCodec;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks hyperparameters against a template's JSON Schema, naming each wrong field the way a form
 * or an API client names it: {@code hyperparameters.epochs}.
 */
public final class HyperparameterCheck {

  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

  private HyperparameterCheck() {}

  public record Violation(String field, String reason) {}

  public static List<Violation> violations(Template template, Map<String, Object> hyperparameters) {
    JsonSchema schema =
        SCHEMAS.computeIfAbsent(template.id(), id -> FACTORY.getSchema(template.hyperparameters()));
    JsonNode values = tree(hyperparameters);
    Set<ValidationMessage> errors = schema.validate(values);
    return errors.stream()
        .map(HyperparameterCheck::violation)
        .sorted(Comparator.comparing(Violation::field))
        .toList();
  }

  /**
   * The values as JSON, built directly: Jackson's valueToTree writes them out and reads them back,
   * which profiled as half of this check's cost on every submission.
   */
  static JsonNode tree(Object value) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    if (value instanceof Map<?, ?> map) {
      ObjectNode object = nodes.objectNode();
      // As the codec's mapper writes a map: without its null entries.
      map.forEach(
          (k, v) -> {
            if (v != null) {
              object.set(String.valueOf(k), tree(v));
            }
          });
      return object;
    } else if (value instanceof List<?> list) {
      ArrayNode array = nodes.arrayNode();
      list.forEach(v -> array.add(tree(v)));
      return array;
    } else if (value instanceof String text) {
      return nodes.textNode(text);
    } else if (value instanceof Boolean b) {
      return nodes.booleanNode(b);
    } else if (value instanceof Integer i) {
      return nodes.numberNode(i);
    } else if (value instanceof Long l) {
      return nodes.numberNode(l);
    } else if (value instanceof Double d) {
      return nodes.numberNode(d);
    } else if (value == null) {
      return nodes.nullNode();
    }
    return CloudEventCodec.mapper().valueToTree(value);
  }

  private static Violation violation(ValidationMessage message) {
    String at = message.getInstanceLocation().toString().replaceFirst("^\\$", "");
    String property = message.getProperty();
    String field =
        "hyperparameters"
            + (at.isEmpty() || at.equals(".") ? "" : at)
            + ("additionalProperties".equals(message.getType()) && property != null
                ? "." + property
                : "");
    String reason = message.getMessage().replaceFirst("^\\$[^:]*: ", "");
    return new Violation(field, reason);
  }
}
