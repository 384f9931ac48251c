package io.trainyard.cli.commands;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.cli.CliException;
import io.trainyard.cli.ExitCode;
import io.trainyard.cli.http.Api;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the command line's words mean as API values. Pure. */
final class Arguments {

  private Arguments() {}

  /**
   * {@code learningRate=0.001} and the like: a value that reads as JSON (a number, true, false, a
   * list) is that; anything else is a string, so {@code optimizer=adam} needs no quotes.
   */
  static Map<String, Object> keyValues(String option, List<String> pairs) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw usage(option + " takes NAME=VALUE, was '" + pair + "'");
      }
      values.put(pair.substring(0, eq).strip(), value(pair.substring(eq + 1).strip()));
    }
    return values;
  }

  static Object value(String text) {
    try {
      JsonNode node = Api.JSON.readTree(text);
      if (node != null
          && (node.isNumber() || node.isBoolean() || node.isArray() || node.isObject())) {
        return Api.JSON.treeToValue(node, Object.class);
      }
    } catch (JsonProcessingException e) {
      // Not JSON: a plain word.
    }
    return text;
  }

  /**
   * A search space entry as the API takes it: {@code lr=logUniform:0.0001,0.1} is {@code
   * {"logUniform": [0.0001, 0.1]}}; {@code hidden=choice:32,64,128}; {@code epochs=int:2,8}; a JSON
   * object ({@code lr={"uniform":[0,1]}}) passes as it is.
   */
  static Map<String, Object> space(List<String> entries) {
    Map<String, Object> space = new LinkedHashMap<>();
    for (String entry : entries) {
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw usage("--space takes NAME=KIND:VALUES, was '" + entry + "'");
      }
      String name = entry.substring(0, eq).strip();
      String rest = entry.substring(eq + 1).strip();
      if (rest.startsWith("{")) {
        space.put(name, value(rest));
        continue;
      }
      int colon = rest.indexOf(':');
      if (colon <= 0) {
        throw usage(
            "--space " + name + ": write KIND:VALUES, e.g. choice:32,64 or uniform:0.1,0.9");
      }
      String kind = rest.substring(0, colon).strip();
      List<Object> values = new ArrayList<>();
      for (String v : rest.substring(colon + 1).split(",")) {
        if (!v.isBlank()) {
          values.add(value(v.strip()));
        }
      }
      space.put(name, Map.of(kind, values));
    }
    return space;
  }

  static CliException usage(String message) {
    return new CliException(ExitCode.USAGE, message);
  }
}
