package io.trainyard.contracts.codec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.trainyard.contracts.EventCatalog;
import io.trainyard.contracts.EventType;
import io.trainyard.contracts.TrainyardEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Writes catalogue events as CloudEvents in Kafka binary mode and reads them back in binary or
 * structured mode, validating the data against the type's JSON Schema. Anything that cannot be read
 * becomes an {@link InvalidEventException} whose message is the reason a person needs.
 */
public final class CloudEventCodec {

  public static final String CONTENT_TYPE = "content-type";
  public static final String JSON = "application/json";
  public static final String STRUCTURED = "application/cloudevents+json";
  public static final String SPEC_VERSION = "1.0";

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  private static final JsonSchemaFactory SCHEMAS =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  private final Map<String, JsonSchema> schemaByType = new ConcurrentHashMap<>();

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public EncodedEvent encode(CloudEvent event) {
    Map<String, byte[]> headers = new LinkedHashMap<>();
    headers.put(CONTENT_TYPE, utf8(JSON));
    headers.put("ce_specversion", utf8(SPEC_VERSION));
    headers.put("ce_id", utf8(event.id()));
    headers.put("ce_source", utf8(event.source()));
    headers.put("ce_type", utf8(event.type()));
    headers.put("ce_time", utf8(event.time().toString()));
    headers.put("ce_subject", utf8(event.subject()));
    try {
      return new EncodedEvent(event.subject(), headers, MAPPER.writeValueAsBytes(event.data()));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write " + event.type(), e);
    }
  }

  /** Wraps a catalogue event in a new envelope. */
  public CloudEvent envelope(String id, String source, Instant time, TrainyardEvent data) {
    return new CloudEvent(id, source, EventCatalog.of(data).type(), time, data);
  }

  /**
   * Reads one record. {@code header} returns a header's last value or null.
   *
   * @throws InvalidEventException with the reason when the record is not a valid catalogue event
   */
  public CloudEvent decode(Function<String, byte[]> header, byte[] value) {
    String contentType = text(header.apply(CONTENT_TYPE));
    if (contentType != null && contentType.startsWith(STRUCTURED)) {
      return decodeStructured(value);
    }
    if (contentType != null && !contentType.startsWith(JSON)) {
      throw new InvalidEventException("unsupported content-type '" + contentType + "'");
    }
    String spec = required(header, "ce_specversion");
    String id = required(header, "ce_id");
    String source = required(header, "ce_source");
    String type = required(header, "ce_type");
    String time = text(header.apply("ce_time"));
    return build(spec, id, source, type, time, readJson(value, "value"));
  }

  private CloudEvent decodeStructured(byte[] value) {
    JsonNode root = readJson(value, "structured event");
    if (!(root instanceof ObjectNode envelope)) {
      throw new InvalidEventException("structured event is not a JSON object");
    }
    String dataContentType = field(envelope, "datacontenttype", false);
    if (dataContentType != null && !dataContentType.startsWith(JSON)) {
      throw new InvalidEventException("unsupported datacontenttype '" + dataContentType + "'");
    }
    JsonNode data = envelope.get("data");
    if (data == null) {
      throw new InvalidEventException("structured event has no data");
    }
    return build(
        field(envelope, "specversion", true),
        field(envelope, "id", true),
        field(envelope, "source", true),
        field(envelope, "type", true),
        field(envelope, "time", false),
        data);
  }

  private CloudEvent build(
      String spec, String id, String source, String type, String time, JsonNode data) {
    if (!SPEC_VERSION.equals(spec)) {
      throw new InvalidEventException("unsupported specversion '" + spec + "'");
    }
    EventType eventType =
        EventCatalog.byType(type)
            .orElseThrow(() -> new InvalidEventException("unknown ce_type '" + type + "'"));
    validate(eventType, data);
    TrainyardEvent payload;
    try {
      payload = MAPPER.treeToValue(data, eventType.javaType());
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new InvalidEventException("data is not a valid " + type + ": " + e.getMessage(), e);
    }
    return new CloudEvent(id, source, type, parseTime(time), payload);
  }

  private void validate(EventType type, JsonNode data) {
    Set<ValidationMessage> errors = schema(type).validate(data);
    if (!errors.isEmpty()) {
      String reasons =
          errors.stream()
              .map(ValidationMessage::getMessage)
              .sorted()
              .collect(Collectors.joining("; "));
      throw new InvalidEventException("data does not match " + type.type() + ": " + reasons);
    }
  }

  /** The compiled schema of a type, loaded from the classpath once. */
  public JsonSchema schema(EventType type) {
    return schemaByType.computeIfAbsent(type.type(), t -> load(type.schemaResource()));
  }

  private static JsonSchema load(String resource) {
    try (InputStream in = CloudEventCodec.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing schema " + resource);
      }
      return SCHEMAS.getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Instant parseTime(String time) {
    if (time == null) {
      return Instant.EPOCH;
    }
    try {
      return Instant.parse(time);
    } catch (DateTimeParseException e) {
      throw new InvalidEventException("ce_time '" + time + "' is not an RFC 3339 timestamp");
    }
  }

  private static JsonNode readJson(byte[] value, String what) {
    if (value == null || value.length == 0) {
      throw new InvalidEventException(what + " is empty");
    }
    try {
      return MAPPER.readTree(value);
    } catch (IOException e) {
      throw new InvalidEventException(what + " is not JSON: " + firstLine(e.getMessage()));
    }
  }

  private static String field(ObjectNode envelope, String name, boolean required) {
    JsonNode node = envelope.get(name);
    if (node == null || node.isNull()) {
      if (required) {
        throw new InvalidEventException("structured event has no '" + name + "'");
      }
      return null;
    }
    if (!node.isTextual()) {
      throw new InvalidEventException("structured event '" + name + "' is not a string");
    }
    return node.asText();
  }

  private static String required(Function<String, byte[]> header, String name) {
    String value = text(header.apply(name));
    if (value == null || value.isBlank()) {
      throw new InvalidEventException("missing header " + name);
    }
    return value;
  }

  private static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
