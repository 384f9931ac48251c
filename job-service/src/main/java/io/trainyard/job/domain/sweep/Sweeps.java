package io.trainyard.job.domain.sweep;

import java.util.Optional;

/** Where sweeps are kept. */
public interface Sweeps {

  Optional<Sweep> find(String id);

  /** The sweep, locked until the transaction ends: its trials end on different threads. */
  Optional<Sweep> lock(String id);

  /** Inserts or replaces by id. */
  void save(Sweep sweep);
}
