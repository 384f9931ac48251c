package io.trainyard.tracking.domain;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Loads a model as inference will and runs one input through it. */
public interface ModelVerifier {

  /** Why the model is unfit, or empty when it loads and answers with {@code outputShape}. */
  Optional<String> problem(Path torchScript, List<Integer> inputShape, List<Integer> outputShape);
}
