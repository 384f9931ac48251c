package io.trainyard.job.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.contracts.codec.CloudEventCodec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A structured progress line of the runtime: {@code TRAINYARD_PROGRESS {"epoch": ...}}. */
public record Progress(int epoch, int epochs, long step, Map<String, Double> metrics) {

  public static final String PREFIX = "TRAINYARD_PROGRESS ";

  /** The entrypoint's last line when a stop rule ended the job (a NaN loss): its reason. */
  public static final String STOPPED = "TRAINYARD_STOPPED ";

  /** The stop line an entrypoint prints last. */
  public static String stoppedLine(String reason) {
    try {
      return STOPPED + CloudEventCodec.mapper().writeValueAsString(Map.of("reason", reason));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The entrypoint's last line when an attempt stopped after the epoch it was asked to pause at:
   * {@code TRAINYARD_PAUSED {"epoch": 3, "epochs": 9}}.
   */
  public static final String PAUSED = "TRAINYARD_PAUSED ";

  /** Where an attempt paused: after {@code epoch} of the job's {@code epochs}. */
  public record Paused(int epoch, int epochs) {}

  /** Metrics a progress line may carry, and the longest name (MLflow's limit for a key). */
  static final int MAX_METRICS = 100;

  static final int MAX_KEY = 250;

  /**
   * The reason in a stop line, which only the entrypoint itself prints (at the start of a line, as
   * a worker's output never is).
   */
  static Optional<String> stopped(String line) {
    if (!line.startsWith(STOPPED)) {
      return Optional.empty();
    }
    try {
      JsonNode reason =
          CloudEventCodec.mapper().readTree(line.substring(STOPPED.length())).path("reason");
      return reason.isTextual() ? Optional.of(reason.asText()) : Optional.empty();
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  /** The pause in a pause line, which, like a stop line, only the entrypoint prints. */
  static Optional<Paused> paused(String line) {
    if (!line.startsWith(PAUSED)) {
      return Optional.empty();
    }
    try {
      JsonNode body = CloudEventCodec.mapper().readTree(line.substring(PAUSED.length()));
      return body.path("epoch").isInt() && body.path("epochs").isInt()
          ? Optional.of(new Paused(body.path("epoch").asInt(), body.path("epochs").asInt()))
          : Optional.empty();
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  /** Ray prefixes worker output with the worker's name, so the prefix may appear mid-line. */
  public static Optional<Progress> parse(String line) {
    int at = line.indexOf(PREFIX);
    if (at < 0) {
      return Optional.empty();
    }
    try {
      JsonNode body = CloudEventCodec.mapper().readTree(line.substring(at + PREFIX.length()));
      Map<String, Double> metrics = new LinkedHashMap<>();
      body.path("metrics")
          .properties()
          .forEach(
              e -> {
                if (metrics.size() < MAX_METRICS
                    && e.getKey().length() <= MAX_KEY
                    && e.getValue().isNumber()
                    && Double.isFinite(e.getValue().asDouble())) {
                  metrics.put(e.getKey(), e.getValue().asDouble());
                }
              });
      return Optional.of(
          new Progress(
              body.path("epoch").asInt(),
              body.path("epochs").asInt(),
              body.path("step").asLong(),
              metrics));
    } catch (Exception e) {
      return Optional.empty();
    }
  }
}
