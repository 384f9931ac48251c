package io.trainyard.gateway.api;

import io.trainyard.platform.kafka.Failure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * A system the gateway needs out of reach (PostgreSQL, the broker; the consumers' one rule, {@link
 * Failure#OUTAGE}, says which failures are that) answers 503 problem+json with a Retry-After,
 * wherever the request met it: in a controller or in the authentication filter (a token's lookup),
 * which no controller advice sees. It had answered a bare 500.
 */
@Component
@Order(-2) // before Spring Boot's error handler (-1)
class DownstreamUnavailable implements WebExceptionHandler {

  static final long RETRY_AFTER_SECONDS = 5;
  private static final Logger log = LoggerFactory.getLogger(DownstreamUnavailable.class);

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
    if (Failure.of(error) != Failure.OUTAGE || exchange.getResponse().isCommitted()) {
      return Mono.error(error);
    }
    log.warn(
        "{} {}: out of reach: {}",
        exchange.getRequest().getMethod(),
        exchange.getRequest().getPath(),
        error.toString());
    exchange
        .getResponse()
        .getHeaders()
        .set(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS));
    return SecurityConfiguration.problem(
        exchange,
        HttpStatus.SERVICE_UNAVAILABLE,
        "Service unavailable",
        "a system behind the gateway is out of reach; try again in a few seconds");
  }
}
