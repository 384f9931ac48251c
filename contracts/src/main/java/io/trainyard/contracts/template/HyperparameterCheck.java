package io.trainyard.contracts.template;

import com.fasterxml.jackson.databind.JsonNode;
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
    JsonNode values = CloudEventCodec.mapper().valueToTree(hyperparameters);
    Set<ValidationMessage> errors = schema.validate(values);
    return errors.stream()
        .map(HyperparameterCheck::violation)
        .sorted(Comparator.comparing(Violation::field))
        .toList();
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
