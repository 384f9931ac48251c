package io.trainyard.tracking.domain;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/** Runs inputs through a model, loading it once and keeping it while it is in use. */
public interface ModelRunner {

  /**
   * @param key identifies the model version, e.g. {@code name/3}
   * @param file fetches the TorchScript file the first time the key is seen
   */
  float[][] run(String key, Supplier<Path> file, List<Integer> inputShape, List<float[]> inputs);
}
