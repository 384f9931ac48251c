package io.trainyard.gateway.api;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.trainyard.contracts.job.Executor;
import io.trainyard.contracts.job.FileRef;
import io.trainyard.contracts.job.JobCancelRequested;
import io.trainyard.contracts.job.JobSubmitted;
import io.trainyard.contracts.job.Resources;
import io.trainyard.gateway.config.GatewayProperties;
import io.trainyard.gateway.domain.BlobStore;
import io.trainyard.gateway.domain.EnvironmentView;
import io.trainyard.gateway.domain.JobStatus;
import io.trainyard.gateway.domain.JobView;
import io.trainyard.gateway.domain.Projections;
import io.trainyard.gateway.domain.ReadModel;
import io.trainyard.gateway.domain.ReadModel.Cursor;
import io.trainyard.gateway.domain.ReadModel.JobQuery;
import io.trainyard.gateway.domain.Requests;
import io.trainyard.gateway.domain.Viewer;
import io.trainyard.gateway.domain.Violation;
import io.trainyard.platform.kafka.EventPublisher;
import jakarta.annotation.Nullable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Training jobs. A submission is accepted (202) once Kafka acknowledged its event on every in-sync
 * replica; an {@code Idempotency-Key} makes a retried request the same job.
 */
@RestController
@Tag(name = "jobs")
class JobsController {

  private final ReadModel model;
  private final EventPublisher publisher;
  private final SubmissionLimit submissions;
  private final Requests.Limits limits;
  private final Uploads uploads;
  private final Clock clock;

  /**
   * Environments as submissions see them, for a moment: job-service checks again when the job
   * arrives, so a check a second old only delays a rejection, and saves a query (a sixth of the
   * gateway's CPU a submission, profiled) and a thread hop per submission. Only environments found
   * are kept, and a refusal is always read fresh: one created or grown a moment ago is never
   * refused.
   */
  private final com.github.benmanes.caffeine.cache.Cache<String, EnvironmentView> environments =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
          .expireAfterWrite(Duration.ofSeconds(1))
          .maximumSize(10_000)
          .build();

  JobsController(
      ReadModel model,
      EventPublisher publisher,
      GatewayProperties properties,
      SubmissionLimit submissions,
      BlobStore blobs,
      Clock clock) {
    this.model = model;
    this.publisher = publisher;
    this.submissions = submissions;
    this.limits = Api.limits(properties);
    this.uploads = new Uploads(blobs, properties.uploads());
    this.clock = clock;
  }

  record JobPage(List<JobResponse> items, @Nullable String nextCursor) {}

  record LogPage(List<ReadModel.LogLine> lines, @Nullable String next) {}

  @PostMapping(path = "/api/jobs", consumes = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<JobResponse>> submit(
      ViewerAuthentication caller,
      @RequestBody Requests.Job body,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
    Viewer viewer = caller.viewer();
    submissions.take(viewer);
    checkRequest(body, false);
    return environment(viewer, body)
        .flatMap(env -> accept(viewer, body, env, null, null, idempotencyKey));
  }

  @PostMapping(path = "/api/jobs", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  Mono<ResponseEntity<JobResponse>> submitWithFiles(
      ViewerAuthentication caller,
      @RequestBody
          reactor.core.publisher.Flux<org.springframework.http.codec.multipart.PartEvent> parts,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
    Viewer viewer = caller.viewer();
    submissions.take(viewer);
    return uploads.receive(
        viewer.username(),
        parts,
        Requests.Job.class,
        "job",
        (spec, received) -> {
          checkRequest(spec, received.code() != null);
          uploads.checkNames(received.code(), received.data());
          return environment(viewer, spec)
              .flatMap(
                  env ->
                      accept(viewer, spec, env, received.code(), received.data(), idempotencyKey));
        });
  }

  @GetMapping("/api/jobs")
  Mono<JobPage> list(
      ViewerAuthentication caller,
      @Parameter(schema = @Schema(implementation = JobStatus.class)) @RequestParam
          Optional<String> status,
      @RequestParam Optional<String> environment,
      @Parameter(description = "only the trials of this sweep") @RequestParam
          Optional<String> sweep,
      @RequestParam Optional<String> cursor,
      @Parameter(description = "1 to 200") @RequestParam(defaultValue = "50") int limit) {
    Optional<JobStatus> wanted = status.map(JobsController::status);
    if (limit < 1 || limit > 200) {
      throw ApiException.invalid("limit", "must be from 1 to 200");
    }
    Optional<Cursor> after = cursor.map(JobsController::decodeCursor);
    JobQuery query = new JobQuery(caller.viewer(), wanted, environment, sweep, after, limit);
    return Api.blocking(
        () -> {
          List<JobView> jobs = model.jobs(query);
          String next = jobs.size() < limit ? null : encodeCursor(jobs.get(jobs.size() - 1));
          return new JobPage(jobs.stream().map(JobResponse::of).toList(), next);
        });
  }

  @GetMapping("/api/jobs/{id}")
  Mono<JobResponse> get(ViewerAuthentication caller, @PathVariable String id) {
    return Api.blocking(() -> JobResponse.of(own(caller.viewer(), id)));
  }

  @PostMapping("/api/jobs/{id}/cancel")
  Mono<ResponseEntity<JobResponse>> cancel(ViewerAuthentication caller, @PathVariable String id) {
    return Api.blocking(() -> own(caller.viewer(), id))
        .flatMap(
            job -> {
              if (job.status().ended()) {
                throw ApiException.conflict(
                    "status",
                    "job " + id + " already ended " + job.status().name().toLowerCase(Locale.ROOT));
              }
              return Mono.fromFuture(
                      () ->
                          publisher.request(
                              "cancel-requested-" + id, new JobCancelRequested(id, job.owner())))
                  .thenReturn(ResponseEntity.accepted().body(JobResponse.of(job)));
            });
  }

  @GetMapping("/api/jobs/{id}/logs")
  Mono<LogPage> logs(
      ViewerAuthentication caller,
      @PathVariable String id,
      @Parameter(description = "the `next` of the previous page, attempt:line") @RequestParam
          Optional<String> after,
      @RequestParam(defaultValue = "1000") int limit) {
    if (limit < 1 || limit > 10_000) {
      throw ApiException.invalid("limit", "must be from 1 to 10000");
    }
    long[] from = after.map(JobsController::logCursor).orElse(new long[] {0, -1});
    return Api.blocking(
        () -> {
          own(caller.viewer(), id);
          List<ReadModel.LogLine> lines = model.logs(id, (int) from[0], from[1], limit);
          String next =
              lines.isEmpty()
                  ? after.orElse(null)
                  : lines.get(lines.size() - 1).attempt()
                      + ":"
                      + lines.get(lines.size() - 1).line();
          return new LogPage(lines, next);
        });
  }

  private void checkRequest(Requests.Job body, boolean hasCode) {
    List<Violation> violations = new ArrayList<>(Requests.check(body, hasCode, limits));
    if ("djl".equals(body.executor()) && body.workers() != null && body.workers() != 1) {
      violations.add(new Violation("workers", "djl trains in one process: 1 worker"));
    }
    if (!violations.isEmpty()) {
      throw ApiException.invalid(violations);
    }
  }

  /** A view a second old may accept a submission; only a fresh read refuses one. */
  private Mono<EnvironmentView> environment(Viewer viewer, Requests.Job body) {
    String key = viewer.username() + "/" + body.environment();
    EnvironmentView seen = environments.getIfPresent(key);
    if (seen != null && fits(seen, body)) {
      return Mono.just(seen);
    }
    return Api.blocking(
        () -> {
          Optional<EnvironmentView> now =
              model.environment(viewer.username(), body.environment()).filter(e -> !e.gone());
          now.ifPresent(e -> environments.put(key, e));
          EnvironmentView env =
              now.orElseThrow(
                  () ->
                      ApiException.invalid(
                          "environment",
                          "you have no environment '" + body.environment() + "'; create it first"));
          if (!fits(env, body)) {
            throw ApiException.invalid(
                "workers",
                "environment '" + env.name() + "' has " + env.size().workers() + " workers");
          }
          return env;
        });
  }

  private static boolean fits(EnvironmentView env, Requests.Job body) {
    return !env.gone() && (env.size().workers() == 0 || body.workers() <= env.size().workers());
  }

  private Mono<ResponseEntity<JobResponse>> accept(
      Viewer viewer,
      Requests.Job body,
      EnvironmentView env,
      FileRef code,
      FileRef data,
      String idempotencyKey) {
    String jobId =
        idempotencyKey == null
            ? UUID.randomUUID().toString()
            : UUID.nameUUIDFromBytes(
                    (viewer.username() + "\n" + idempotencyKey).getBytes(StandardCharsets.UTF_8))
                .toString();
    Map<String, Object> hyperparameters =
        body.hyperparameters() == null ? Map.of() : body.hyperparameters();
    JobSubmitted event =
        new JobSubmitted(
            jobId,
            viewer.username(),
            env.name(),
            code == null ? body.template() : null,
            code,
            data,
            hyperparameters,
            body.workers(),
            new Resources(
                env.size().workerCpu(), env.size().workerMemoryGi(), env.size().gpusPerWorker()),
            body.executor() == null
                ? null
                : Executor.valueOf(body.executor().toUpperCase(Locale.ROOT)));
    Instant now = clock.instant();
    JobView accepted = Projections.job(Optional.empty(), event, now).orElseThrow();
    return Mono.fromFuture(() -> publisher.request("submitted-" + jobId, event))
        .then(
            Api.blocking(
                () -> {
                  model.accepted(accepted);
                  return ResponseEntity.accepted()
                      .location(URI.create("/api/jobs/" + jobId))
                      .body(JobResponse.of(accepted));
                }));
  }

  /** The caller's job; anyone else's answers as if it did not exist (admins see all). */
  private JobView own(Viewer viewer, String id) {
    return model
        .job(id)
        .filter(j -> viewer.sees(j.owner()))
        .orElseThrow(() -> ApiException.notFound("job " + id));
  }

  private static JobStatus status(String name) {
    try {
      return JobStatus.valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(
          "status", "one of " + java.util.Arrays.toString(JobStatus.values()));
    }
  }

  static String encodeCursor(JobView last) {
    String raw = last.createdAt().toString() + "|" + last.id();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  static Cursor decodeCursor(String cursor) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      int bar = raw.indexOf('|');
      return new Cursor(Instant.parse(raw.substring(0, bar)), raw.substring(bar + 1));
    } catch (RuntimeException e) {
      throw ApiException.invalid("cursor", "not a cursor this API returned");
    }
  }

  private static long[] logCursor(String after) {
    try {
      String[] parts = after.split(":");
      return new long[] {Integer.parseInt(parts[0]), Long.parseLong(parts[1])};
    } catch (RuntimeException e) {
      throw ApiException.invalid("after", "attempt:line, as in the previous page's next");
    }
  }
}
