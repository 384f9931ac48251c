package io.trainyard.gateway.api;

import io.trainyard.gateway.domain.Violation;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

/** Every error of the API as problem+json; a wrong input names its field. */
@RestControllerAdvice
class Problems extends ResponseEntityExceptionHandler {

  static final String TYPE = "https://trainyard.io/problems/";

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ProblemDetail> api(ApiException e) {
    ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status);
    if (e.status == HttpStatus.CONTENT_TOO_LARGE) {
      unreadBody(response);
    }
    return response.body(problem(e.status, e.title, e.getMessage(), e.violations));
  }

  /**
   * The rest of a refused upload is never read, so the connection cannot carry another request: a
   * client that reused it would wait for an answer that never comes.
   */
  private static void unreadBody(ResponseEntity.BodyBuilder response) {
    response.header(HttpHeaders.CONNECTION, "close");
  }

  @ExceptionHandler(RateLimitedException.class)
  ResponseEntity<ProblemDetail> limited(RateLimitedException e) {
    ProblemDetail p =
        problem(HttpStatus.TOO_MANY_REQUESTS, "Too many submissions", e.getMessage(), List.of());
    return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
        .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds))
        .body(p);
  }

  @ExceptionHandler(DataBufferLimitException.class)
  ResponseEntity<ProblemDetail> tooLarge(DataBufferLimitException e) {
    ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE);
    unreadBody(response);
    return response.body(
        problem(HttpStatus.CONTENT_TOO_LARGE, "Request too large", e.getMessage(), List.of()));
  }

  @Override
  protected Mono<ResponseEntity<Object>> handleServerWebInputException(
      ServerWebInputException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      ServerWebExchange exchange) {
    String field = fieldOf(ex);
    String detail = ex.getReason() == null ? "unreadable request" : ex.getReason();
    Throwable root = ex.getMostSpecificCause();
    if (root != ex && root.getMessage() != null) {
      detail = detail + ": " + root.getMessage().lines().findFirst().orElse("");
    }
    List<Violation> violations = field == null ? List.of() : List.of(new Violation(field, detail));
    return Mono.just(
        ResponseEntity.status(HttpStatus.BAD_REQUEST)
            .body(problem(HttpStatus.BAD_REQUEST, "Invalid request", detail, violations)));
  }

  static ProblemDetail problem(
      HttpStatusCode status, String title, String detail, List<Violation> violations) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
    p.setTitle(title);
    p.setType(URI.create(TYPE + title.toLowerCase().replace(' ', '-')));
    if (!violations.isEmpty()) {
      p.setProperty("field", violations.get(0).field());
      p.setProperty(
          "errors",
          violations.stream().map(v -> Map.of("field", v.field(), "reason", v.reason())).toList());
    }
    return p;
  }

  /** The JSON path of a value Jackson could not bind, e.g. {@code workers}. */
  private static String fieldOf(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof tools.jackson.databind.DatabindException d && !d.getPath().isEmpty()) {
        StringBuilder path = new StringBuilder();
        for (var ref : d.getPath()) {
          if (ref.getPropertyName() != null) {
            path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
          } else if (ref.getIndex() >= 0) {
            path.append('[').append(ref.getIndex()).append(']');
          }
        }
        return path.toString();
      }
    }
    return null;
  }
}
