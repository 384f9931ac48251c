package io.trainyard.gateway.domain;

import java.util.Optional;

/** What start-up does with the configured admin account, given what holds its name now. */
public enum AdminAccount {
  /** Nobody has the name: make the admin. */
  CREATE,
  /** The admin exists: give it the configured password. */
  RESET_PASSWORD,
  /**
   * An ordinary user has the name. Promoting them would make their sessions and tokens admin ones:
   * start-up refuses instead.
   */
  REFUSE;

  public static AdminAccount decide(Optional<Users.User> holder) {
    if (holder.isEmpty()) {
      return CREATE;
    }
    return holder.get().role() == Viewer.Role.ADMIN ? RESET_PASSWORD : REFUSE;
  }
}
