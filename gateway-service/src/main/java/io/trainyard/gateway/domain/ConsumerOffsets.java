package io.trainyard.gateway.domain;

/** Where the read model's consumer stands on the topics. */
public interface ConsumerOffsets {

  /** Makes the group start again at the beginning of every topic; it must have no members. */
  void rewind(String group);
}
