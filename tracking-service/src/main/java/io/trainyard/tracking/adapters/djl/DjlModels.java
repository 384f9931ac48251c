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
import io.trainyard.tracking.domain.ModelsBusyException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * TorchScript models on DJL's PyTorch engine, offline: libtorch comes from the pytorch-native-cpu
 * jar on the classpath. Loaded models are kept in a bounded least-recently-used cache. A model is a
 * user's code: it runs on a few threads of its own and within a time limit.
 */
@Component
class DjlModels implements ModelVerifier, ModelRunner, DisposableBean {

  static {
    // Never download native libraries: they are on the classpath.
    System.setProperty("ai.djl.offline", "true");
  }

  private final int capacity;
  private final Duration limit;
  private final Map<String, Loaded> cache;

  /** A model is the user's code: it runs on few threads, and an answer is waited for a while. */
  private final ExecutorService models;

  DjlModels(
      @Value("${trainyard.inference.cached-models:8}") int capacity,
      @Value("${trainyard.inference.time-limit:30s}") Duration limit,
      @Value("${trainyard.inference.threads:4}") int threads) {
    this.capacity = capacity;
    this.limit = limit;
    this.cache = new LinkedHashMap<>(16, 0.75f, true);
    AtomicInteger n = new AtomicInteger();
    this.models =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(64),
            r -> {
              Thread t = new Thread(r, "model-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * A loaded model and how many predictions use it now: one evicted from the cache is closed when
   * its last user is done, never under a running prediction.
   */
  private static final class Loaded {
    final ZooModel<NDList, NDList> model;
    int users;
    boolean evicted;

    Loaded(ZooModel<NDList, NDList> model) {
      this.model = model;
    }
  }

  @Override
  public Optional<String> problem(
      Path torchScript, List<Integer> inputShape, List<Integer> outputShape) {
    try {
      return within(() -> check(torchScript, inputShape, outputShape));
    } catch (TimeoutException e) {
      return Optional.of("the model did not answer one input within " + limit.toSeconds() + " s");
    } catch (RejectedExecutionException e) {
      throw new ModelsBusyException();
    }
  }

  private Optional<String> check(
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
    Loaded loaded = lease(key, file);
    try {
      // The lease ends when the prediction does, on its thread: a caller that stopped waiting
      // must not let the model be closed under a prediction still running.
      return within(
          () -> {
            try {
              return predict(loaded.model, inputShape, inputs);
            } finally {
              release(loaded);
            }
          });
    } catch (TimeoutException e) {
      throw new InvalidInputException(
          "inputs", "the model did not answer within " + limit.toSeconds() + " s");
    } catch (RejectedExecutionException e) {
      release(loaded);
      throw new ModelsBusyException();
    }
  }

  private Loaded lease(String key, Supplier<Path> file) {
    synchronized (cache) {
      Loaded loaded = cache.get(key);
      if (loaded == null) {
        try {
          loaded = new Loaded(load(file.get()));
        } catch (ModelNotFoundException | MalformedModelException | IOException e) {
          throw new IllegalStateException("cannot load " + key + ": " + e.getMessage(), e);
        }
        cache.put(key, loaded);
        if (cache.size() > capacity) {
          var eldest = cache.entrySet().iterator().next();
          cache.remove(eldest.getKey());
          eldest.getValue().evicted = true;
          closeIfUnused(eldest.getValue());
        }
      }
      loaded.users++;
      return loaded;
    }
  }

  private void release(Loaded loaded) {
    synchronized (cache) {
      loaded.users--;
      closeIfUnused(loaded);
    }
  }

  private static void closeIfUnused(Loaded loaded) {
    if (loaded.evicted && loaded.users == 0) {
      loaded.model.close();
    }
  }

  /** {@code work} on a model thread, for at most the time limit. */
  private <T> T within(Callable<T> work) throws TimeoutException {
    Future<T> result = models.submit(work);
    try {
      return result.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      result.cancel(true);
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TranslateException t) {
        throw new InvalidInputException(
            "inputs", "the model cannot take these inputs: " + rootMessage(t));
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
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

  /**
   * Waits a while for predictions still running (libtorch must not unload under them), then closes
   * what no prediction uses; one still running keeps its model to the end.
   */
  @Override
  public void destroy() throws InterruptedException {
    models.shutdownNow();
    models.awaitTermination(30, TimeUnit.SECONDS);
    synchronized (cache) {
      cache
          .values()
          .forEach(
              l -> {
                l.evicted = true;
                closeIfUnused(l);
              });
      cache.clear();
    }
  }
}
