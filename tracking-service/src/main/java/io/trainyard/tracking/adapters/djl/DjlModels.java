package io.trainyard.tracking.adapters.djl;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.trainyard.tracking.domain.InvalidInputException;
import io.trainyard.tracking.domain.ModelRunner;
import io.trainyard.tracking.domain.ModelVerifier;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * TorchScript models on DJL's PyTorch engine, offline: libtorch comes from the pytorch-native-cpu
 * jar on the classpath. Loaded models are kept in a bounded least-recently-used cache.
 */
@Component
class DjlModels implements ModelVerifier, ModelRunner, DisposableBean {

  static {
    // Never download native libraries: they are on the classpath.
    System.setProperty("ai.djl.offline", "true");
  }

  private final int capacity;
  private final Map<String, ZooModel<NDList, NDList>> cache;

  DjlModels(@Value("${trainyard.inference.cached-models:8}") int capacity) {
    this.capacity = capacity;
    this.cache = new LinkedHashMap<>(16, 0.75f, true);
  }

  @Override
  public Optional<String> problem(
      Path torchScript, List<Integer> inputShape, List<Integer> outputShape) {
    try (ZooModel<NDList, NDList> model = load(torchScript)) {
      if (inputShape == null) {
        return Optional.empty();
      }
      float[][] out = predict(model, inputShape, List.of(new float[size(inputShape)]));
      long[] expected =
          LongStream.concat(LongStream.of(1), outputShape.stream().mapToLong(Integer::longValue))
              .toArray();
      long[] actual = {1, out[0].length};
      if (out[0].length != size(outputShape)) {
        return Optional.of(
            "the model answers shape "
                + Arrays.toString(actual)
                + " for one input of shape "
                + withBatch(inputShape)
                + "; the template expects "
                + Arrays.toString(expected));
      }
      return Optional.empty();
    } catch (ModelNotFoundException | MalformedModelException | IOException | RuntimeException e) {
      return Optional.of("the model cannot be loaded as TorchScript: " + rootMessage(e));
    } catch (TranslateException e) {
      return Optional.of(
          "the model fails on an input of shape " + withBatch(inputShape) + ": " + rootMessage(e));
    }
  }

  @Override
  public float[][] run(
      String key, Supplier<Path> file, List<Integer> inputShape, List<float[]> inputs) {
    ZooModel<NDList, NDList> model;
    synchronized (cache) {
      model = cache.get(key);
      if (model == null) {
        try {
          model = load(file.get());
        } catch (ModelNotFoundException | MalformedModelException | IOException e) {
          throw new IllegalStateException("cannot load " + key + ": " + e.getMessage(), e);
        }
        cache.put(key, model);
        if (cache.size() > capacity) {
          var eldest = cache.entrySet().iterator().next();
          eldest.getValue().close();
          cache.remove(eldest.getKey());
        }
      }
    }
    try {
      return predict(model, inputShape, inputs);
    } catch (TranslateException e) {
      throw new InvalidInputException(
          "inputs", "the model cannot take these inputs: " + rootMessage(e));
    }
  }

  private static ZooModel<NDList, NDList> load(Path torchScript)
      throws ModelNotFoundException, MalformedModelException, IOException {
    return Criteria.builder()
        .setTypes(NDList.class, NDList.class)
        .optModelPath(torchScript)
        .optEngine("PyTorch")
        .build()
        .loadModel();
  }

  private static float[][] predict(
      ZooModel<NDList, NDList> model, List<Integer> inputShape, List<float[]> inputs)
      throws TranslateException {
    try (Predictor<NDList, NDList> predictor = model.newPredictor();
        NDManager manager = NDManager.newBaseManager()) {
      int per = inputs.get(0).length;
      float[] flat = new float[inputs.size() * per];
      for (int i = 0; i < inputs.size(); i++) {
        System.arraycopy(inputs.get(i), 0, flat, i * per, per);
      }
      long[] dims =
          inputShape == null
              ? new long[] {inputs.size(), per}
              : LongStream.concat(
                      LongStream.of(inputs.size()),
                      inputShape.stream().mapToLong(Integer::longValue))
                  .toArray();
      NDArray x = manager.create(flat, new Shape(dims));
      NDArray y = predictor.predict(new NDList(x)).singletonOrThrow();
      float[] values = y.toFloatArray();
      int outPer = values.length / inputs.size();
      float[][] out = new float[inputs.size()][];
      for (int i = 0; i < inputs.size(); i++) {
        out[i] = Arrays.copyOfRange(values, i * outPer, (i + 1) * outPer);
      }
      return out;
    }
  }

  private static int size(List<Integer> shape) {
    return shape.stream().reduce(1, (a, b) -> a * b);
  }

  private static String withBatch(List<Integer> shape) {
    return "[1, " + String.join(", ", shape.stream().map(String::valueOf).toList()) + "]";
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    int newline = message.indexOf('\n');
    return newline > 0 ? message.substring(0, newline) : message;
  }

  @Override
  public void destroy() {
    synchronized (cache) {
      cache.values().forEach(ZooModel::close);
      cache.clear();
    }
  }
}
