package io.trainyard.cli.render;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** An API timestamp as a table shows it: to the second, in the machine's time zone. */
public final class When {

  private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private When() {}

  public static String of(String iso, ZoneId zone) {
    if (iso == null || iso.isBlank()) {
      return null;
    }
    try {
      return SHORT.format(Instant.parse(iso).atZone(zone));
    } catch (DateTimeParseException e) {
      return iso;
    }
  }
}
