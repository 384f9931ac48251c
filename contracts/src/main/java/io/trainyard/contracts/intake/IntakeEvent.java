package io.trainyard.contracts.intake;

import io.trainyard.contracts.TrainyardEvent;

/** A request of an outside system and the gateway's answer to it; keyed by the request id. */
public sealed interface IntakeEvent extends TrainyardEvent permits IntakeRequested, IntakeAnswered {

  String requestId();

  @Override
  default String key() {
    return requestId();
  }
}
