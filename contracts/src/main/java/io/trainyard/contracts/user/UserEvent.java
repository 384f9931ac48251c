package io.trainyard.contracts.user;

import io.trainyard.contracts.TrainyardEvent;

/** What happened to a user account; keyed by the user name. */
public sealed interface UserEvent extends TrainyardEvent permits UserSignedUp {

  String username();

  @Override
  default String key() {
    return username();
  }
}
