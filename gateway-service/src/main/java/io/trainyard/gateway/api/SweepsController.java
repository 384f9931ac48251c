package io.trainyard.gateway.api;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.trainyard.contracts.job.Executor;
import io.trainyard.contracts.job.FileRef;
import io.trainyard.contracts.job.Resources;
import io.trainyard.contracts.sweep.SweepCancelRequested;
import io.trainyard.contracts.sweep.SweepPlan;
import io.trainyard.contracts.sweep.SweepRequested;
import io.trainyard.contracts.template.Template;
import io.trainyard.contracts.template.Templates;
import io.trainyard.gateway.config.GatewayProperties;
import io.trainyard.gateway.domain.BlobStore;
import io.trainyard.gateway.domain.EnvironmentView;
import io.trainyard.gateway.domain.ReadModel;
import io.trainyard.gateway.domain.ReadModel.JobQuery;
import io.trainyard.gateway.domain.Requests;
import io.trainyard.gateway.domain.SweepProjection;
import io.trainyard.gateway.domain.SweepView;
import io.trainyard.gateway.domain.Viewer;
import io.trainyard.gateway.domain.Violation;
import io.trainyard.platform.kafka.EventPublisher;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Hyperparameter sweeps: each trial is a job of the caller's environment. A sweep is accepted (202)
 * once Kafka took its request, after the same checks job-service makes, so a mistake is answered at
 * once by field; an {@code Idempotency-Key} makes a retried request the same sweep.
 */
@RestController
@Tag(name = "sweeps")
class SweepsController {

  private final ReadModel model;
  private final EventPublisher publisher;
  private final SubmissionLimit submissions;
  private final Requests.Limits limits;
  private final Uploads uploads;
  private final Clock clock;

  SweepsController(
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

  record SweepPage(List<SweepResponse> items) {}

  @PostMapping(path = "/api/sweeps", consumes = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<SweepResponse>> start(
      ViewerAuthentication caller,
      @RequestBody Requests.Sweep body,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
    Viewer viewer = caller.viewer();
    submissions.take(viewer);
    check(body, false);
    return Api.blocking(() -> environment(viewer, body.environment()))
        .flatMap(env -> accept(viewer, body, env, null, null, idempotencyKey));
  }

  /** A sweep of the caller's own code (and data): every trial runs the same uploaded files. */
  @PostMapping(path = "/api/sweeps", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  Mono<ResponseEntity<SweepResponse>> startWithFiles(
      ViewerAuthentication caller,
      @RequestBody Flux<PartEvent> parts,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
    Viewer viewer = caller.viewer();
    submissions.take(viewer);
    return uploads.receive(
        viewer.username(),
        parts,
        Requests.Sweep.class,
        "sweep",
        (spec, received) -> {
          check(spec, received.code() != null);
          uploads.checkNames(received.code(), received.data());
          return Api.blocking(() -> environment(viewer, spec.environment()))
              .flatMap(
                  env ->
                      accept(viewer, spec, env, received.code(), received.data(), idempotencyKey));
        });
  }

  private void check(Requests.Sweep body, boolean hasCode) {
    List<Violation> violations = new ArrayList<>(Requests.check(body.job(), hasCode, limits));
    if (!"ray".equals(Optional.ofNullable(body.executor()).orElse("ray"))) {
      violations.add(new Violation("executor", "a sweep's trials run on the environment's Ray"));
    }
    if (!violations.isEmpty()) {
      throw ApiException.invalid(violations);
    }
  }

  @GetMapping("/api/sweeps")
  Mono<SweepPage> list(
      ViewerAuthentication caller,
      @Parameter(description = "1 to 200") @RequestParam(defaultValue = "50") int limit) {
    if (limit < 1 || limit > 200) {
      throw ApiException.invalid("limit", "must be from 1 to 200");
    }
    return Api.blocking(
        () ->
            new SweepPage(
                model.sweeps(caller.viewer(), limit).stream().map(this::response).toList()));
  }

  @GetMapping("/api/sweeps/{id}")
  Mono<SweepResponse> get(ViewerAuthentication caller, @PathVariable String id) {
    return Api.blocking(() -> response(own(caller.viewer(), id)));
  }

  @PostMapping("/api/sweeps/{id}/cancel")
  Mono<ResponseEntity<SweepResponse>> cancel(ViewerAuthentication caller, @PathVariable String id) {
    return Api.blocking(() -> own(caller.viewer(), id))
        .flatMap(
            sweep -> {
              if (sweep.status().ended()) {
                throw ApiException.conflict(
                    "status",
                    "sweep "
                        + id
                        + " already ended "
                        + sweep.status().name().toLowerCase(Locale.ROOT));
              }
              return Mono.fromFuture(
                      () ->
                          publisher.request(
                              "sweep-cancel-requested-" + id,
                              new SweepCancelRequested(id, sweep.owner())))
                  .thenReturn(ResponseEntity.accepted().body(response(sweep)));
            });
  }

  private Mono<ResponseEntity<SweepResponse>> accept(
      Viewer viewer,
      Requests.Sweep body,
      EnvironmentView env,
      FileRef code,
      FileRef data,
      String idempotencyKey) {
    String id =
        idempotencyKey == null
            ? UUID.randomUUID().toString()
            : UUID.nameUUIDFromBytes(
                    ("sweep\n" + viewer.username() + "\n" + idempotencyKey)
                        .getBytes(StandardCharsets.UTF_8))
                .toString();
    SweepRequested event = request(id, viewer, body, env, code, data);
    List<Violation> violations =
        SweepPlan.of(
                event,
                env.size().workers() > 0 ? Optional.of(env.size().workers()) : Optional.empty())
            .violations()
            .stream()
            .map(v -> new Violation(v.field(), v.reason()))
            .toList();
    if (!violations.isEmpty()) {
      throw ApiException.invalid(violations);
    }
    SweepView accepted =
        SweepProjection.sweep(Optional.empty(), event, clock.instant()).orElseThrow();
    return Mono.fromFuture(() -> publisher.request("sweep-requested-" + id, event))
        .then(
            Api.blocking(
                () -> {
                  model.accepted(accepted);
                  return ResponseEntity.accepted()
                      .location(URI.create("/api/sweeps/" + id))
                      .body(SweepResponse.of(accepted, List.of()));
                }));
  }

  /** The request as its event; the metric and direction default to the template's. */
  private static SweepRequested request(
      String id,
      Viewer viewer,
      Requests.Sweep body,
      EnvironmentView env,
      FileRef code,
      FileRef data) {
    Optional<Template> template = Templates.byId(body.template());
    Requests.Asha asha = body.earlyStopping() == null ? null : body.earlyStopping().asha();
    return new SweepRequested(
        id,
        viewer.username(),
        env.name(),
        code == null ? body.template() : null,
        code,
        data,
        body.hyperparameters() == null ? Map.of() : body.hyperparameters(),
        body.space() == null ? Map.of() : body.space(),
        body.method(),
        body.trials(),
        body.seed(),
        body.maxConcurrent() == null ? 1 : body.maxConcurrent(),
        body.metric() != null ? body.metric() : template.map(Template::primaryMetric).orElse(null),
        body.direction() != null
            ? body.direction()
            : template.map(t -> t.direction().name().toLowerCase(Locale.ROOT)).orElse("max"),
        asha == null
            ? null
            : new SweepRequested.EarlyStopping(
                asha.minEpochs() == null ? 1 : asha.minEpochs(),
                asha.reductionFactor() == null ? 3 : asha.reductionFactor()),
        body.workers(),
        new Resources(
            env.size().workerCpu(), env.size().workerMemoryGi(), env.size().gpusPerWorker()),
        body.executor() == null
            ? null
            : Executor.valueOf(body.executor().toUpperCase(Locale.ROOT)));
  }

  private EnvironmentView environment(Viewer viewer, String name) {
    return model
        .environment(viewer.username(), name)
        .filter(e -> !e.gone())
        .orElseThrow(
            () ->
                ApiException.invalid(
                    "environment", "you have no environment '" + name + "'; create it first"));
  }

  private SweepResponse response(SweepView sweep) {
    List<io.trainyard.gateway.domain.JobView> trials =
        model.jobs(
            new JobQuery(
                new Viewer(sweep.owner(), Viewer.Role.USER),
                Optional.empty(),
                Optional.empty(),
                Optional.of(sweep.id()),
                Optional.empty(),
                io.trainyard.contracts.template.SearchSpace.MAX_TRIALS));
    return SweepResponse.of(sweep, trials);
  }

  /** The caller's sweep; anyone else's answers as if it did not exist (admins see all). */
  private SweepView own(Viewer viewer, String id) {
    return model
        .sweep(id)
        .filter(s -> viewer.sees(s.owner()))
        .orElseThrow(() -> ApiException.notFound("sweep " + id));
  }
}
