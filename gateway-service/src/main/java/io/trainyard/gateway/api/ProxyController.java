package io.trainyard.gateway.api;

import io.swagger.v3.oas.annotations.Hidden;
import io.trainyard.gateway.config.GatewayProperties;
import io.trainyard.gateway.domain.ReadModel;
import io.trainyard.platform.mlflow.MlflowAccounts;
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
 * Authenticated reverse proxies: each environment's Ray dashboard for its owner, and MLflow (UI and
 * API) as the caller. Request and response bodies stream through; the caller's credentials never
 * leave the gateway, and what the upstream requires (a cluster's token, the caller's MLflow
 * account) is added here.
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

  private static final java.util.regex.Pattern ACCOUNT_CHANGES =
      java.util.regex.Pattern.compile(
          "^/mlflow/(signup|(ajax-)?api/[0-9.]+/mlflow/users/"
              + "(create|create-ui|update-password|update-admin|delete)(/|$|\\?))");

  /** An upstream's challenge would make a browser ask for MLflow's password, which is ours. */
  private static final String CHALLENGE = "www-authenticate";

  private final ReadModel model;
  private final ClusterTokens tokens;
  private final MlflowAccounts accounts;
  private final WebClient web;
  private final URI mlflow;

  ProxyController(
      ReadModel model,
      GatewayProperties properties,
      ClusterTokens tokens,
      MlflowAccounts accounts) {
    this.model = model;
    this.tokens = tokens;
    this.accounts = accounts;
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

  /**
   * MLflow as the caller: its account's credential goes upstream, and MLflow's own permissions
   * decide (everyone reads, owners write). The account's password is the platform's, so the calls
   * that would change or delete an account never pass.
   */
  @RequestMapping("/mlflow/**")
  Mono<Void> mlflow(ViewerAuthentication caller, ServerWebExchange exchange) {
    String path = exchange.getRequest().getPath().pathWithinApplication().value();
    if (ACCOUNT_CHANGES.matcher(path).find()) {
      throw new ApiException(
          HttpStatus.FORBIDDEN,
          "Forbidden",
          "MLflow accounts are the platform's: they cannot be created, changed or deleted here",
          List.of());
    }
    return forward(
        exchange,
        mlflow,
        "/mlflow",
        Optional.of(accounts.authorization(caller.viewer().username())));
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
                        if (!DROPPED.contains(name)
                            && !name.equals(RESPONSE_LENGTH)
                            && !name.equals(CHALLENGE)) {
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
