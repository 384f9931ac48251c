package io.trainyard.gateway.adapters.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.trainyard.contracts.codec.CloudEventCodec;

/** Views are stored as JSON documents beside the columns that queries filter on. */
final class Json {

  private Json() {}

  static String write(Object value) {
    try {
      return CloudEventCodec.mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static <T> T read(String json, Class<T> type) {
    try {
      return CloudEventCodec.mapper().readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable view: " + e.getOriginalMessage(), e);
    }
  }
}
