package io.trainyard.contracts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Who may do what on the broker, from one table: each platform service is its own principal (named
 * as its {@code spring.application.name}, which also starts its consumer groups), writes the topics
 * it owns and reads what it consumes. An outside system writes the intake only and reads its own
 * reply topic. The local broker, the tests' broker and the chart grant exactly this.
 */
public final class KafkaAccess {

  public static final String ADMIN = "admin";
  public static final String GATEWAY = "gateway-service";
  public static final String ENVIRONMENT = "environment-service";
  public static final String JOB = "job-service";
  public static final String TRACKING = "tracking-service";
  public static final List<String> SERVICES = List.of(GATEWAY, ENVIRONMENT, JOB, TRACKING);

  /** Outside systems' principals: {@code system-<name>}. */
  public static final String SYSTEM_PREFIX = "system-";

  /** The gateway answers each outside system on {@code trainyard.intake.replies.<name>}. */
  public static final String REPLIES_PREFIX = "trainyard.intake.replies.";

  public enum Right {
    READ,
    WRITE
  }

  public record Grant(String principal, Stream stream, Right right) {}

  /**
   * Writers and readers of each stream, from {@code kafka-access.json} (the chart renders its ACLs
   * from a copy of it). The gateway writes users' requests (submit, cancel, create, delete) beside
   * the owning service's state events on the jobs and environments topics.
   */
  private static final Map<Stream, List<String>> WRITERS = new java.util.EnumMap<>(Stream.class);

  private static final Map<Stream, List<String>> READERS = new java.util.EnumMap<>(Stream.class);

  static {
    try (var in = KafkaAccess.class.getResourceAsStream("/kafka-access.json")) {
      var streams = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in).path("streams");
      for (Stream stream : Stream.values()) {
        var entry = streams.path(stream.name());
        if (entry.isMissingNode()) {
          throw new IllegalStateException("kafka-access.json says nothing of " + stream);
        }
        WRITERS.put(stream, names(entry.path("writers")));
        READERS.put(stream, names(entry.path("readers")));
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<String> names(com.fasterxml.jackson.databind.JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return List.copyOf(out);
  }

  private KafkaAccess() {}

  public static List<Grant> grants() {
    List<Grant> out = new ArrayList<>();
    for (Stream stream : Stream.values()) {
      WRITERS.get(stream).forEach(p -> out.add(new Grant(p, stream, Right.WRITE)));
      READERS.get(stream).forEach(p -> out.add(new Grant(p, stream, Right.READ)));
    }
    return out;
  }

  public static boolean writes(String principal, Stream stream) {
    return WRITERS.get(stream).contains(principal);
  }

  public static String system(String name) {
    return SYSTEM_PREFIX + name;
  }

  public static String replies(String system) {
    return REPLIES_PREFIX + system;
  }

  /** A name an outside system may have: it becomes a principal and a topic name. */
  public static boolean validSystemName(String name) {
    return name != null && name.matches("^[a-z][a-z0-9-]{1,30}[a-z0-9]$");
  }
}
