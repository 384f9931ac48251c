package io.trainyard.gateway.api;

import io.trainyard.gateway.domain.Violation;
import java.util.List;
import org.springframework.http.HttpStatus;

/** An answer other than success, rendered as RFC 9457 problem+json naming the wrong field. */
class ApiException extends RuntimeException {

  final HttpStatus status;
  final String title;
  final List<Violation> violations;

  ApiException(HttpStatus status, String title, String detail, List<Violation> violations) {
    super(detail);
    this.status = status;
    this.title = title;
    this.violations = List.copyOf(violations);
  }

  static ApiException invalid(List<Violation> violations) {
    String detail =
        violations.stream()
            .map(v -> v.field() + ": " + v.reason())
            .reduce((a, b) -> a + "; " + b)
            .orElse("invalid request");
    return new ApiException(HttpStatus.BAD_REQUEST, "Invalid request", detail, violations);
  }

  static ApiException invalid(String field, String reason) {
    return invalid(List.of(new Violation(field, reason)));
  }

  static ApiException notFound(String what) {
    return new ApiException(HttpStatus.NOT_FOUND, "Not found", what + " does not exist", List.of());
  }

  static ApiException conflict(String field, String detail) {
    return new ApiException(
        HttpStatus.CONFLICT,
        "Conflict",
        detail,
        field == null ? List.of() : List.of(new Violation(field, detail)));
  }
}
