package io.trainyard.gateway.api;

import io.swagger.v3.oas.annotations.Hidden;
import io.trainyard.gateway.config.GatewayProperties;
import io.trainyard.gateway.domain.ReadModel;
import io.trainyard.platform.ray.ClusterTokens;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * Authenticated reverse proxies: each environment's Ray dashboard for its owner, and the shared
 * MLflow UI. Request and response bodies stream through; the caller's credentials never leave the
 * gateway.
 */
@RestController
@Hidden
class ProxyController {

  private static final Set<String> DROPPED =
      Set.of(
          "host",
          "authorization",
          "cookie",
          "origin",
          "referer",
          "connection",
          "keep-alive",
          "transfer-encoding",
          "te",
          "upgrade",
          "proxy-authorization",
          "proxy-connection",
          "set-cookie");

  /**
   * An answer is streamed back as it comes, so its length is netty's to set; a request keeps its
   * own, since WSGI upstreams (MLflow) read no chunked body.
   */
  private static final String RESPONSE_LENGTH = "content-length";

  private final ReadModel model;
  private final ClusterTokens tokens;
  private final WebClient web;
  private final URI mlflow;

  ProxyController(ReadModel model, GatewayProperties properties, ClusterTokens tokens) {
    this.model = model;
    this.tokens = tokens;
    this.web = WebClient.create();
    this.mlflow = properties.upstreams().mlflow();
  }

  @RequestMapping("/api/environments/{name}/dashboard")
  Mono<Void> dashboardRoot(ServerWebExchange exchange) {
    return redirect(exchange, exchange.getRequest().getPath().value() + "/");
  }

  @RequestMapping("/api/environments/{name}/dashboard/**")
  Mono<Void> dashboard(
      ViewerAuthentication caller, @PathVariable String name, ServerWebExchange exchange) {
    return Api.blocking(
            () ->
                model
                    .environment(caller.viewer().username(), name)
                    .filter(e -> !e.gone())
                    .orElseThrow(() -> ApiException.notFound("environment '" + name + "'")))
        .flatMap(
            env -> {
              if (env.dashboardUrl() == null) {
                throw ApiException.conflict(
                    null, "environment '" + name + "' has no dashboard until it is ready");
              }
              return forward(
                  exchange,
                  URI.create(env.dashboardUrl()),
                  "/api/environments/" + name + "/dashboard",
                  tokens.authorization(env.owner(), env.name()));
            });
  }

  @RequestMapping("/mlflow")
  Mono<Void> mlflowRoot(ServerWebExchange exchange) {
    return redirect(exchange, "/mlflow/");
  }

  @RequestMapping("/mlflow/**")
  Mono<Void> mlflow(ServerWebExchange exchange) {
    return forward(exchange, mlflow, "/mlflow", Optional.empty());
  }

  /**
   * Streams the request to {@code base} and the answer back; {@code authorization} is what the
   * upstream requires (a cluster's token), added here and never seen by the caller.
   */
  private Mono<Void> forward(
      ServerWebExchange exchange, URI base, String prefix, Optional<String> authorization) {
    ServerHttpRequest in = exchange.getRequest();
    String rest = in.getPath().pathWithinApplication().value().substring(prefix.length());
    URI target =
        UriComponentsBuilder.fromUri(base)
            .path(rest.isEmpty() ? "/" : rest)
            .query(in.getURI().getRawQuery())
            .build(true)
            .toUri();
    ServerHttpResponse out = exchange.getResponse();
    return web.method(in.getMethod())
        .uri(target)
        .headers(
            h ->
                in.getHeaders()
                    .forEach(
                        (k, v) -> {
                          if (!DROPPED.contains(k.toLowerCase())) {
                            h.put(k, v);
                          }
                        }))
        .headers(h -> authorization.ifPresent(a -> h.set(HttpHeaders.AUTHORIZATION, a)))
        .body((outbound, context) -> outbound.writeWith(in.getBody()))
        .exchangeToMono(
            response -> {
              out.setStatusCode(response.statusCode());
              response
                  .headers()
                  .asHttpHeaders()
                  .forEach(
                      (k, v) -> {
                        String name = k.toLowerCase();
                        if (!DROPPED.contains(name) && !name.equals(RESPONSE_LENGTH)) {
                          out.getHeaders().put(k, v);
                        }
                      });
              return out.writeWith(response.bodyToFlux(DataBuffer.class));
            })
        .onErrorMap(
            WebClientRequestException.class,
            e ->
                new ApiException(
                    HttpStatus.BAD_GATEWAY,
                    "Upstream unavailable",
                    target.getHost() + ":" + target.getPort() + " does not answer",
                    List.of()));
  }

  private static Mono<Void> redirect(ServerWebExchange exchange, String location) {
    exchange.getResponse().setStatusCode(HttpStatus.PERMANENT_REDIRECT);
    exchange.getResponse().getHeaders().set(HttpHeaders.LOCATION, location);
    return exchange.getResponse().setComplete();
  }
}
