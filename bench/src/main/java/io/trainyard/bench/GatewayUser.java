package io.trainyard.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A user of a running gateway, signed up and logged in as a person would. */
record GatewayUser(HttpClient http, String base, String name, String token) {

  /** Signs {@code name} up (an existing one is fine) and logs in with its password. */
  static GatewayUser signUp(HttpClient http, String base, String name)
      throws IOException, InterruptedException {
    String credentials = "{\"username\":\"" + name + "\",\"password\":\"password-" + name + "\"}";
    http.send(
        json(base + "/api/auth/signup", null, credentials), HttpResponse.BodyHandlers.discarding());
    HttpResponse<String> login =
        http.send(
            json(base + "/api/auth/login", null, credentials),
            HttpResponse.BodyHandlers.ofString());
    if (login.statusCode() != 200) {
      throw new IllegalStateException("cannot log in at " + base + ": " + login.body());
    }
    String token = login.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
    return new GatewayUser(http, base, name, token);
  }

  HttpRequest post(String path, String body) {
    return json(base + path, token, body);
  }

  HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  static HttpRequest json(String url, String token, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b.build();
  }
}
