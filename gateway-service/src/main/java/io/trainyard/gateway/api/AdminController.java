package io.trainyard.gateway.api;

import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@Tag(name = "admin")
class AdminController {

  private final ReadModelRebuild rebuild;

  AdminController(ReadModelRebuild rebuild) {
    this.rebuild = rebuild;
  }

  /** Throws the read model away and builds it again from the topics (admins only). */
  @PostMapping("/api/admin/read-model/rebuild")
  Mono<ResponseEntity<Void>> rebuild() {
    return Api.blocking(
        () -> {
          rebuild.rebuild();
          return ResponseEntity.accepted().<Void>build();
        });
  }
}
