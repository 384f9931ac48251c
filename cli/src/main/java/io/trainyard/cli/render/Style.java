package io.trainyard.cli.render;

/** ANSI colours and the bar's glyphs on a terminal; plain ASCII everywhere else (logs, CI). */
public record Style(boolean colours, boolean unicode) {

  public static final Style PLAIN = new Style(false, false);

  public String green(String s) {
    return paint("32", s);
  }

  public String red(String s) {
    return paint("31", s);
  }

  public String yellow(String s) {
    return paint("33", s);
  }

  public String dim(String s) {
    return paint("2", s);
  }

  public String bold(String s) {
    return paint("1", s);
  }

  private String paint(String code, String s) {
    return colours ? "\033[" + code + "m" + s + "\033[0m" : s;
  }

  public char full() {
    return unicode ? '█' : '#';
  }

  public char empty() {
    return unicode ? '░' : '-';
  }

  /** A status word in the colour that says how it went. */
  public String status(String status) {
    return switch (status) {
      case "SUCCEEDED", "READY", "COMPLETED" -> green(status);
      case "FAILED", "REJECTED", "CANCELLED" -> red(status);
      case "STOPPED" -> yellow(status);
      default -> status;
    };
  }
}
