package io.trainyard.gateway.domain;

/** The read model's tables as a whole: they can always be thrown away and made again. */
public interface ReadModelStore {

  boolean present();

  /** Drops and makes the tables, and forgets which events {@code consumer} already applied. */
  void recreate(String consumer);
}
