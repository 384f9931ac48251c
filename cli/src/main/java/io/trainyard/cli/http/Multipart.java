package io.trainyard.cli.http;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A multipart/form-data body: a JSON part and files, the files streamed from disk, never read
 * whole.
 */
public final class Multipart {

  private final String boundary = "trainyard-" + UUID.randomUUID();
  private final List<HttpRequest.BodyPublisher> parts = new ArrayList<>();

  public Multipart json(String name, String json) {
    parts.add(text(head(name, null, "application/json") + json + "\r\n"));
    return this;
  }

  public Multipart file(String name, Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + " is not a file");
    }
    String filename = file.getFileName().toString().replace("\"", "");
    parts.add(text(head(name, filename, "application/octet-stream")));
    parts.add(HttpRequest.BodyPublishers.ofFile(file));
    parts.add(text("\r\n"));
    return this;
  }

  public String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  public HttpRequest.BodyPublisher publisher() {
    List<HttpRequest.BodyPublisher> all = new ArrayList<>(parts);
    all.add(text("--" + boundary + "--\r\n"));
    return HttpRequest.BodyPublishers.concat(all.toArray(HttpRequest.BodyPublisher[]::new));
  }

  private String head(String name, String filename, String type) {
    return "--"
        + boundary
        + "\r\nContent-Disposition: form-data; name=\""
        + name
        + "\""
        + (filename == null ? "" : "; filename=\"" + filename + "\"")
        + "\r\nContent-Type: "
        + type
        + "\r\n\r\n";
  }

  private static HttpRequest.BodyPublisher text(String s) {
    return HttpRequest.BodyPublishers.ofString(s, StandardCharsets.UTF_8);
  }
}
