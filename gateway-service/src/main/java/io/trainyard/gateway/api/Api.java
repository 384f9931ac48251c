package io.trainyard.gateway.api;

import io.trainyard.gateway.config.GatewayProperties;
import io.trainyard.gateway.domain.Requests;

final class Api {

  private Api() {}

  static Requests.Limits limits(GatewayProperties properties) {
    GatewayProperties.Limits l = properties.limits();
    return new Requests.Limits(
        l.maxWorkers(), l.maxWorkerCpu(), l.maxWorkerMemoryGi(), l.maxGpus());
  }
}
