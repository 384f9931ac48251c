package io.trainyard.gateway.api;

import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.PropertyCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document is the contract the UI's types are generated from (ui/openapi.json), so it
 * says exactly what the JSON holds: each status enum once, by name; every field of an answer
 * present (null where {@code @Nullable} says it may be).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  static {
    ModelResolver.enumsAsRef = true;
  }

  @Bean
  OpenApiCustomizer answersCarryEveryField() {
    return OpenApiConfiguration::requireEveryFieldOfAnswers;
  }

  /** A {@code @Nullable} field that holds an object: swagger drops the null beside a $ref. */
  @Bean
  PropertyCustomizer nullableObjects() {
    return (property, type) -> {
      boolean nullable =
          type.getCtxAnnotations() != null
              && Arrays.stream(type.getCtxAnnotations())
                  .anyMatch(a -> a.annotationType().getSimpleName().equals("Nullable"));
      if (!nullable || property == null || property.get$ref() == null) {
        return property;
      }
      Schema<Object> either = new JsonSchema();
      either.setAnyOf(
          List.of(new JsonSchema().$ref(property.get$ref()), new JsonSchema().typesItem("null")));
      return either;
    };
  }

  /** Answers are records written whole; request bodies may leave fields out. */
  static void requireEveryFieldOfAnswers(OpenAPI api) {
    if (api.getComponents() == null || api.getComponents().getSchemas() == null) {
      return;
    }
    Map<String, Schema> schemas = api.getComponents().getSchemas();
    Set<String> requests = new HashSet<>();
    if (api.getPaths() != null) {
      api.getPaths()
          .values()
          .forEach(
              path ->
                  path.readOperations().stream()
                      .filter(op -> op.getRequestBody() != null)
                      .filter(op -> op.getRequestBody().getContent() != null)
                      .flatMap(op -> op.getRequestBody().getContent().values().stream())
                      .forEach(media -> reach(media.getSchema(), schemas, requests)));
    }
    schemas.forEach(
        (name, schema) -> {
          if (schema.getProperties() != null) {
            // A @Nullable field of this type leaks its "null" into the type itself.
            schema.setTypes(new java.util.LinkedHashSet<>(List.of("object")));
            schema.setType("object");
          }
          if (!requests.contains(name) && schema.getProperties() != null) {
            schema.setRequired(new ArrayList<>(new TreeSet<>(schema.getProperties().keySet())));
          }
        });
  }

  /** The names of every component schema reachable from {@code root}. */
  private static void reach(Schema<?> root, Map<String, Schema> schemas, Set<String> into) {
    Deque<Schema<?>> todo = new ArrayDeque<>();
    if (root != null) {
      todo.push(root);
    }
    while (!todo.isEmpty()) {
      Schema<?> s = todo.pop();
      if (s.get$ref() != null) {
        String name = s.get$ref().substring(s.get$ref().lastIndexOf('/') + 1);
        if (into.add(name) && schemas.get(name) != null) {
          todo.push(schemas.get(name));
        }
      }
      if (s.getProperties() != null) {
        s.getProperties().values().forEach(todo::push);
      }
      if (s.getItems() != null) {
        todo.push(s.getItems());
      }
      if (s.getAdditionalProperties() instanceof Schema<?> values) {
        todo.push(values);
      }
    }
  }
}
