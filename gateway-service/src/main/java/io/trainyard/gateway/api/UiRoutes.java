package io.trainyard.gateway.api;

import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The UI routes in the browser (/jobs/{id}, /models/{name}): a page load or reload of such a path
 * gets the UI's index.html, while the API, the proxies and files keep their own answers.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class UiRoutes implements WebFilter {

  private static final List<String> SERVER_PATHS =
      List.of("/api/", "/mlflow", "/actuator", "/v3/", "/swagger-ui", "/webjars/", "/assets/");

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    if (isUiRoute(request)) {
      return chain.filter(exchange.mutate().request(r -> r.path("/index.html")).build());
    }
    return chain.filter(exchange);
  }

  static boolean isUiRoute(ServerHttpRequest request) {
    String path = request.getPath().pathWithinApplication().value();
    if (request.getMethod() != HttpMethod.GET || path.equals("/index.html")) {
      return false;
    }
    if (SERVER_PATHS.stream().anyMatch(path::startsWith)) {
      return false;
    }
    String last = path.substring(path.lastIndexOf('/') + 1);
    return !last.contains(".")
        && request.getHeaders().getAccept().stream()
            .anyMatch(MediaType.TEXT_HTML::isCompatibleWith);
  }
}
