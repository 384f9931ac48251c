package io.trainyard.tracking.domain;

/** Each user's account on the tracker, as which they read and write their own runs and models. */
public interface UserAccounts {

  /** Creates the account if missing; repeating it changes nothing. */
  void ensure(String username);
}
