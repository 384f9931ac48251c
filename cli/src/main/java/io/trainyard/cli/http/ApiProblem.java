package io.trainyard.cli.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.cli.CliException;
import io.trainyard.cli.ExitCode;
import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 9457 answer of the gateway, as the user reads it: the title, then each field that was
 * wrong and why. A server error or a body that is no problem document still says its status.
 */
public final class ApiProblem extends CliException {

  private final int status;
  private final JsonNode body;

  private ApiProblem(int status, String message, List<String> lines, JsonNode body) {
    super(status >= 500 ? ExitCode.UNAVAILABLE : ExitCode.REFUSED, message, lines);
    this.status = status;
    this.body = body;
  }

  public static ApiProblem of(int status, JsonNode body, String rawText) {
    if (body == null || !body.isObject()) {
      String text = rawText == null ? "" : rawText.strip();
      return new ApiProblem(
          status,
          "HTTP " + status + (text.isEmpty() ? "" : ": " + abbreviate(text)),
          List.of(),
          null);
    }
    String title = body.path("title").asText("HTTP " + status);
    List<String> lines = new ArrayList<>();
    for (JsonNode error : body.path("errors")) {
      lines.add(error.path("field").asText() + ": " + error.path("reason").asText());
    }
    String detail = body.path("detail").asText("");
    String message =
        lines.isEmpty() && !detail.isEmpty() ? title + ": " + detail : title + " (" + status + ")";
    return new ApiProblem(status, message, lines, body);
  }

  public int status() {
    return status;
  }

  /** The problem document as the gateway sent it, for {@code --output json}; null when none. */
  public JsonNode body() {
    return body;
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }
}
