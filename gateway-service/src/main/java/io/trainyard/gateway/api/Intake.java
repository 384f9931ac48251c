package io.trainyard.gateway.api;

import io.trainyard.contracts.intake.IntakeAnswered;
import io.trainyard.contracts.intake.IntakeRequested;
import io.trainyard.gateway.domain.Requests;
import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * An outside system's request, done as the REST API does it for the user whose API token it
 * carries: the same checks, limits and events, with the owner the token proves. The request id is
 * the submission's idempotency key, so a repeated request is the same job.
 */
@Component
class Intake {

  private final TokenAuthentication tokens;
  private final JobsController jobs;
  private final EnvironmentsController environments;
  private final SweepsController sweeps;

  Intake(
      TokenAuthentication tokens,
      JobsController jobs,
      EnvironmentsController environments,
      SweepsController sweeps) {
    this.tokens = tokens;
    this.jobs = jobs;
    this.environments = environments;
    this.sweeps = sweeps;
  }

  Mono<IntakeAnswered> handle(IntakeRequested request) {
    return caller(request)
        .flatMap(caller -> act(request, caller))
        .onErrorResume(e -> Mono.just(refusal(request, e)));
  }

  private Mono<ViewerAuthentication> caller(IntakeRequested request) {
    if (!request.token().startsWith(TokenAuthentication.API_TOKEN_PREFIX)) {
      return Mono.error(new Refused(HttpStatus.UNAUTHORIZED, "token", "is not an API token"));
    }
    return tokens
        .authenticate(new BearerTokenAuthenticationToken(request.token()))
        .cast(ViewerAuthentication.class)
        .onErrorMap(
            AuthenticationException.class,
            e -> new Refused(HttpStatus.UNAUTHORIZED, "token", e.getMessage()))
        .flatMap(
            caller ->
                caller.viewer().username().equals(request.owner())
                    ? Mono.just(caller)
                    : Mono.error(
                        new Refused(
                            HttpStatus.FORBIDDEN,
                            "owner",
                            "the token is not " + request.owner() + "'s")));
  }

  private Mono<IntakeAnswered> act(IntakeRequested r, ViewerAuthentication caller) {
    switch (r.action()) {
      case IntakeRequested.SUBMIT_JOB -> {
        var j = required(r.job(), "job");
        var body =
            new Requests.Job(
                j.environment(), j.template(), j.workers(), j.hyperparameters(), j.executor());
        return jobs.submit(caller, body, r.requestId())
            .map(
                answer -> accepted(r, answer, Objects.requireNonNull(answer.getBody()).id(), null));
      }
      case IntakeRequested.CANCEL_JOB -> {
        String id = required(r.jobId(), "jobId");
        return jobs.cancel(caller, id).map(answer -> accepted(r, answer, id, null));
      }
      case IntakeRequested.CREATE_ENVIRONMENT -> {
        var e = required(r.environment(), "environment");
        var body =
            new Requests.Environment(
                e.name(), e.workers(), e.workerCpu(), e.workerMemoryGi(), e.gpusPerWorker());
        return environments.create(caller, body).map(answer -> accepted(r, answer, null, e.name()));
      }
      case IntakeRequested.DELETE_ENVIRONMENT -> {
        String name = required(r.environment(), "environment").name();
        return environments.delete(caller, name).map(answer -> accepted(r, answer, null, name));
      }
      case IntakeRequested.START_SWEEP -> {
        Requests.Sweep body = sweep(required(r.sweep(), "sweep"));
        return sweeps
            .start(caller, body, r.requestId())
            .map(answer -> sweepAccepted(r, answer, answer.getBody().id()));
      }
      case IntakeRequested.CANCEL_SWEEP -> {
        String id = required(r.sweepId(), "sweepId");
        return sweeps.cancel(caller, id).map(answer -> sweepAccepted(r, answer, id));
      }
      default -> {
        return Mono.error(ApiException.invalid("action", "unknown action " + r.action()));
      }
    }
  }

  private static Requests.Sweep sweep(java.util.Map<String, Object> raw) {
    try {
      return io.trainyard.contracts.codec.CloudEventCodec.mapper()
          .convertValue(raw, Requests.Sweep.class);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("sweep", "not a sweep as POST /api/sweeps takes it");
    }
  }

  private static IntakeAnswered sweepAccepted(
      IntakeRequested r, ResponseEntity<?> answer, String sweepId) {
    return new IntakeAnswered(
        r.requestId(),
        r.system(),
        true,
        answer.getStatusCode().value(),
        null,
        null,
        null,
        null,
        sweepId);
  }

  private static <T> T required(T value, String field) {
    if (value == null) {
      throw ApiException.invalid(field, "is required for this action");
    }
    return value;
  }

  private static IntakeAnswered accepted(
      IntakeRequested r, ResponseEntity<?> answer, String jobId, String environment) {
    return new IntakeAnswered(
        r.requestId(),
        r.system(),
        true,
        answer.getStatusCode().value(),
        jobId,
        environment,
        null,
        null);
  }

  private static IntakeAnswered refusal(IntakeRequested r, Throwable e) {
    int status;
    String field = null;
    if (e instanceof Refused refused) {
      status = refused.status.value();
      field = refused.field;
    } else if (e instanceof ApiException api) {
      status = api.status.value();
      field = api.violations.isEmpty() ? null : api.violations.get(0).field();
    } else if (e instanceof RateLimitedException) {
      status = HttpStatus.TOO_MANY_REQUESTS.value();
    } else {
      throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
    }
    String jobId = IntakeRequested.CANCEL_JOB.equals(r.action()) ? r.jobId() : null;
    String sweepId = IntakeRequested.CANCEL_SWEEP.equals(r.action()) ? r.sweepId() : null;
    return new IntakeAnswered(
        r.requestId(), r.system(), false, status, jobId, null, field, e.getMessage(), sweepId);
  }

  /** Why a request does not act for its owner at all. */
  static final class Refused extends RuntimeException {
    final HttpStatus status;
    final String field;

    Refused(HttpStatus status, String field, String reason) {
      super(field + ": " + reason);
      this.status = status;
      this.field = field;
    }
  }
}
