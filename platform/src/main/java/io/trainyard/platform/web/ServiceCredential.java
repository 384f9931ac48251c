package io.trainyard.platform.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The inner services answer only platform services: every path but health needs the service
 * credential as a bearer token, whoever can reach the port (a user's code in a cluster beside them,
 * say). The gateway holds it and sends it with what it asks of them (predictions).
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class ServiceCredential implements WebFilter {

  private final byte[] expected;

  public ServiceCredential(String token) {
    if (token == null || token.length() < 32) {
      throw new IllegalStateException(
          "trainyard.service-token (TRAINYARD_SERVICE_TOKEN) needs 32 characters or more: the"
              + " services answer only callers that hold it");
    }
    this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
  }

  public static String header(String token) {
    return "Bearer " + token;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String path = exchange.getRequest().getPath().pathWithinApplication().value();
    if (path.equals("/actuator/health") || path.startsWith("/actuator/health/")) {
      return chain.filter(exchange);
    }
    String given = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    if (given != null && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
      return chain.filter(exchange);
    }
    var response = exchange.getResponse();
    response.setStatusCode(HttpStatus.UNAUTHORIZED);
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    byte[] body =
        ("{\"type\":\"https://trainyard.io/problems/not-authenticated\",\"title\":\"Not"
                + " authenticated\",\"status\":401,\"detail\":\"this service answers platform"
                + " services only\"}")
            .getBytes(StandardCharsets.UTF_8);
    return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
  }
}
