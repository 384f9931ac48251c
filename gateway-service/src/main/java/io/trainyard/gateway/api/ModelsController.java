package io.trainyard.gateway.api;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.trainyard.gateway.config.GatewayProperties;
import io.trainyard.gateway.domain.JobView;
import io.trainyard.gateway.domain.ModelVersionView;
import io.trainyard.gateway.domain.ReadModel;
import io.trainyard.gateway.domain.Viewer;
import io.trainyard.platform.web.ServiceCredential;
import jakarta.annotation.Nullable;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;

/**
 * Registered models from the read model; predictions are asked of tracking-service, which holds the
 * loaded models, after checking that the caller owns the model.
 */
@RestController
@Tag(name = "models")
class ModelsController {

  private final ReadModel model;
  private final WebClient tracking;

  ModelsController(
      ReadModel model,
      GatewayProperties properties,
      @Value("${trainyard.service-token:}") String serviceToken) {
    this.model = model;
    // tracking-service answers platform services only: the gateway is one, a user's code is not.
    this.tracking =
        WebClient.builder()
            .baseUrl(properties.upstreams().tracking().toString())
            .defaultHeader(HttpHeaders.AUTHORIZATION, ServiceCredential.header(serviceToken))
            .build();
  }

  record ModelResponse(
      String name,
      String owner,
      @Nullable String template,
      int latestVersion,
      Map<String, Integer> aliases,
      int versions) {}

  record VersionResponse(
      String name,
      int version,
      List<String> aliases,
      String jobId,
      @Nullable String template,
      Map<String, Double> metrics,
      @Nullable String mlflowRunId,
      Instant createdAt) {}

  @GetMapping("/api/models")
  Mono<List<ModelResponse>> models(ViewerAuthentication caller) {
    return Api.blocking(
        () -> {
          Map<String, List<ModelVersionView>> byName = new TreeMap<>();
          for (ModelVersionView v : model.modelVersions(caller.viewer(), Optional.empty())) {
            byName.computeIfAbsent(v.name(), k -> new java.util.ArrayList<>()).add(v);
          }
          return byName.values().stream().map(this::summary).toList();
        });
  }

  @GetMapping("/api/models/{name}/versions")
  Mono<List<VersionResponse>> versions(ViewerAuthentication caller, @PathVariable String name) {
    return Api.blocking(
        () -> {
          List<ModelVersionView> versions = owned(caller.viewer(), name);
          return versions.stream()
              .map(
                  v -> {
                    Optional<JobView> job = model.job(v.jobId());
                    return new VersionResponse(
                        v.name(),
                        v.version(),
                        v.aliases(),
                        v.jobId(),
                        job.map(j -> j.spec().template()).orElse(null),
                        job.map(j -> j.state().metrics()).orElse(Map.of()),
                        job.map(JobView::mlflowRunId).orElse(null),
                        v.createdAt());
                  })
              .toList();
        });
  }

  @PostMapping(
      path = "/api/models/{name}/versions/{version}/predict",
      consumes = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<String>> predict(
      ViewerAuthentication caller,
      @PathVariable String name,
      @PathVariable String version,
      @RequestBody String body) {
    return Api.blocking(() -> owned(caller.viewer(), name))
        .flatMap(
            owned ->
                tracking
                    .post()
                    .uri("/api/models/{name}/versions/{version}/predict", name, version)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body)
                    .exchangeToMono(
                        response ->
                            response
                                .bodyToMono(String.class)
                                .defaultIfEmpty("")
                                .map(
                                    text ->
                                        ResponseEntity.status(response.statusCode())
                                            .header(
                                                HttpHeaders.CONTENT_TYPE,
                                                response
                                                    .headers()
                                                    .contentType()
                                                    .map(MediaType::toString)
                                                    .orElse(MediaType.APPLICATION_JSON_VALUE))
                                            .body(text)))
                    .timeout(Duration.ofSeconds(60))
                    .onErrorMap(
                        WebClientRequestException.class,
                        e ->
                            new ApiException(
                                HttpStatus.SERVICE_UNAVAILABLE,
                                "Predictions unavailable",
                                "tracking-service does not answer: " + e.getMessage(),
                                List.of())));
  }

  private List<ModelVersionView> owned(Viewer viewer, String name) {
    List<ModelVersionView> versions = model.modelVersions(viewer, Optional.of(name));
    if (versions.isEmpty()) {
      throw ApiException.notFound("model '" + name + "'");
    }
    return versions;
  }

  private ModelResponse summary(List<ModelVersionView> versions) {
    ModelVersionView latest = versions.get(0);
    Map<String, Integer> aliases = new LinkedHashMap<>();
    versions.forEach(v -> v.aliases().forEach(a -> aliases.putIfAbsent(a, v.version())));
    String template = model.job(latest.jobId()).map(j -> j.spec().template()).orElse(null);
    return new ModelResponse(
        latest.name(), latest.owner(), template, latest.version(), aliases, versions.size());
  }
}
