package io.trainyard.gateway.api;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.trainyard.contracts.environment.EnvironmentDeleteRequested;
import io.trainyard.contracts.environment.EnvironmentRequested;
import io.trainyard.gateway.config.GatewayProperties;
import io.trainyard.gateway.domain.EnvironmentStatus;
import io.trainyard.gateway.domain.EnvironmentView;
import io.trainyard.gateway.domain.Projections;
import io.trainyard.gateway.domain.ReadModel;
import io.trainyard.gateway.domain.Requests;
import io.trainyard.gateway.domain.Viewer;
import io.trainyard.gateway.domain.Violation;
import io.trainyard.platform.kafka.EventIds;
import io.trainyard.platform.kafka.EventPublisher;
import jakarta.annotation.Nullable;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Personal Ray clusters. Requests become events; answers come from the read model, so a request
 * shows as REQUESTED until environment-service reports on it.
 */
@RestController
@Tag(name = "environments")
class EnvironmentsController {

  private final ReadModel model;
  private final EventPublisher publisher;
  private final Requests.Limits limits;
  private final Clock clock;

  EnvironmentsController(
      ReadModel model, EventPublisher publisher, GatewayProperties properties, Clock clock) {
    this.model = model;
    this.publisher = publisher;
    this.limits = Api.limits(properties);
    this.clock = clock;
  }

  record EnvironmentResponse(
      String name,
      String owner,
      EnvironmentStatus status,
      @Nullable String reason,
      int workers,
      double workerCpu,
      double workerMemoryGi,
      int gpusPerWorker,
      @Nullable String dashboardUrl,
      Instant createdAt,
      Instant updatedAt) {

    static EnvironmentResponse of(EnvironmentView e) {
      return new EnvironmentResponse(
          e.name(),
          e.owner(),
          e.status(),
          e.reason(),
          e.size().workers(),
          e.size().workerCpu(),
          e.size().workerMemoryGi(),
          e.size().gpusPerWorker(),
          e.dashboardUrl() == null ? null : "/api/environments/" + e.name() + "/dashboard/",
          e.createdAt(),
          e.updatedAt());
    }
  }

  @PostMapping("/api/environments")
  Mono<ResponseEntity<EnvironmentResponse>> create(
      ViewerAuthentication caller, @RequestBody Requests.Environment body) {
    List<Violation> violations = Requests.check(body, limits);
    if (!violations.isEmpty()) {
      throw ApiException.invalid(violations);
    }
    Viewer viewer = caller.viewer();
    EnvironmentRequested event =
        new EnvironmentRequested(
            viewer.username(),
            body.name(),
            body.workers(),
            body.workerCpu(),
            body.workerMemoryGi(),
            body.gpusPerWorker());
    EnvironmentView requested =
        Projections.environment(Optional.empty(), event, clock.instant()).orElseThrow();
    // Shown once the broker has it, so a GET right after the 202 finds it.
    return Mono.fromFuture(() -> publisher.request(EventIds.random(), event))
        .then(
            Api.blocking(
                () -> {
                  model.requested(requested);
                  return requested;
                }))
        .thenReturn(
            ResponseEntity.accepted()
                .location(URI.create("/api/environments/" + body.name()))
                .body(EnvironmentResponse.of(requested)));
  }

  @GetMapping("/api/environments")
  Mono<List<EnvironmentResponse>> list(ViewerAuthentication caller) {
    return Api.blocking(
        () -> model.environments(caller.viewer()).stream().map(EnvironmentResponse::of).toList());
  }

  @GetMapping("/api/environments/{name}")
  Mono<EnvironmentResponse> get(ViewerAuthentication caller, @PathVariable String name) {
    return Api.blocking(() -> EnvironmentResponse.of(own(caller.viewer(), name)));
  }

  @DeleteMapping("/api/environments/{name}")
  Mono<ResponseEntity<Void>> delete(ViewerAuthentication caller, @PathVariable String name) {
    return Api.blocking(() -> own(caller.viewer(), name))
        .flatMap(
            e ->
                Mono.fromFuture(
                    () ->
                        publisher.request(
                            EventIds.random(),
                            new EnvironmentDeleteRequested(e.owner(), e.name()))))
        .thenReturn(ResponseEntity.accepted().<Void>build());
  }

  /** The caller's live environment of that name; anyone else's answers as if it did not exist. */
  EnvironmentView own(Viewer viewer, String name) {
    return model
        .environment(viewer.username(), name)
        .filter(e -> e.status() != EnvironmentStatus.DELETED)
        .orElseThrow(() -> ApiException.notFound("environment '" + name + "'"));
  }
}
