package io.trainyard.gateway.api;

import io.trainyard.gateway.config.GatewayProperties;
import io.trainyard.gateway.domain.Requests;

final class Api {

  private Api() {}

  /** Runs JDBC and other blocking work off the event loop. */
  static <T> reactor.core.publisher.Mono<T> blocking(java.util.concurrent.Callable<T> work) {
    return reactor.core.publisher.Mono.fromCallable(work)
        .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic());
  }

  static Requests.Limits limits(GatewayProperties properties) {
    GatewayProperties.Limits l = properties.limits();
    return new Requests.Limits(
        l.maxWorkers(), l.maxWorkerCpu(), l.maxWorkerMemoryGi(), l.maxGpus());
  }
}
