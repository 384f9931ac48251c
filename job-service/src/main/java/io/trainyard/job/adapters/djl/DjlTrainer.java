package io.trainyard.job.adapters.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.trainyard.contracts.codec.CloudEventCodec;
import io.trainyard.job.domain.Progress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * Trains a digits template with DJL's PyTorch engine, in its own JVM (see {@link DjlBackend}): the
 * TorchScript module exported from the Python template ({@code trainyard_runtime.export}) is loaded
 * with trainable parameters, trained with Adam on the same split, and written back as TorchScript.
 * Prints the runtime's progress lines, so both executors read alike.
 *
 * <p>Arguments: template, hyperparameters as JSON, output directory. Exit 0 when the model is
 * written, 1 on any error.
 */
public final class DjlTrainer {

  /**
   * The training JVM's options. C1 alone compiles it: the Java side of a step is a thin loop over
   * libtorch calls, and C2 compiling it in the background for the first minute took the cores that
   * libtorch's threads were waiting for (profiled: with 2 threads, DJL ran at half the speed it had
   * with 1; with C1 alone, faster than with 1).
   */
  public static final List<String> JVM_OPTIONS =
      List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-Dai.djl.offline=true");

  static final Map<String, long[]> INPUT =
      Map.of("digits-mlp", new long[] {64}, "digits-cnn", new long[] {1, 8, 8});

  /** Training throughput of the last {@link #train} in this JVM: samples per second. */
  static volatile double lastSamplesPerSecond;

  private DjlTrainer() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("ai.djl.offline", "true");
    String template = args[0];
    @SuppressWarnings("unchecked")
    Map<String, Object> hp = CloudEventCodec.mapper().readValue(args[1], Map.class);
    Path out = Path.of(args[2]);
    try {
      Map<String, Double> last = train(template, hp, out, true);
      System.out.println(
          "TRAINYARD_DONE " + CloudEventCodec.mapper().writeValueAsString(Map.of("metrics", last)));
      System.exit(0);
    } catch (NonFiniteLoss e) {
      System.out.println(Progress.stoppedLine(e.getMessage()));
      System.exit(1);
    } catch (Exception e) {
      e.printStackTrace();
      System.exit(1);
    }
  }

  /** A stop rule of every job, as in the Ray runtime: a NaN or infinite loss ends training. */
  static final class NonFiniteLoss extends RuntimeException {
    NonFiniteLoss(float loss, int epoch, long step) {
      super(
          "loss became "
              + (Float.isNaN(loss) ? "nan" : loss > 0 ? "inf" : "-inf")
              + " at epoch "
              + epoch
              + ", step "
              + step);
    }
  }

  /** Trains and writes {@code out/model} (MLflow's pytorch flavor); returns the last metrics. */
  static Map<String, Double> train(
      String template, Map<String, Object> hp, Path out, boolean report) throws Exception {
    long[] input = INPUT.get(template);
    if (input == null) {
      throw new IllegalArgumentException(
          "the DJL executor trains " + INPUT.keySet() + ", not " + template);
    }
    int epochs = ((Number) hp.getOrDefault("epochs", 10)).intValue();
    int batch = ((Number) hp.getOrDefault("batchSize", 32)).intValue();
    float lr = ((Number) hp.getOrDefault("learningRate", 0.005)).floatValue();
    Files.createDirectories(out);
    Path module = out.resolve("initial.pt");
    try (InputStream in = resource("djl/" + template + ".pt")) {
      Files.copy(in, module, StandardCopyOption.REPLACE_EXISTING);
    }
    Dataset train = Dataset.read("djl/digits-train.csv.gz");
    Dataset test = Dataset.read("djl/digits-test.csv.gz");
    Criteria<NDList, NDList> criteria =
        Criteria.builder()
            .setTypes(NDList.class, NDList.class)
            .optModelPath(module)
            .optEngine("PyTorch")
            .optOption("trainParam", "true")
            .build();
    Map<String, Double> metrics = new LinkedHashMap<>();
    try (ZooModel<NDList, NDList> model = criteria.loadModel();
        Trainer trainer =
            model.newTrainer(
                new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(
                        Optimizer.adam().optLearningRateTracker(Tracker.fixed(lr)).build())
                    .optDevices(new Device[] {Device.cpu()}))) {
      NDManager manager = trainer.getManager();
      Random random = new Random(0);
      long step = 0;
      long trainingNanos = 0;
      for (int epoch = 1; epoch <= epochs; epoch++) {
        int[] order = train.shuffled(random);
        float loss = 0;
        long epochStart = System.nanoTime();
        for (int from = 0; from < order.length; from += batch) {
          int n = Math.min(batch, order.length - from);
          try (NDManager scope = manager.newSubManager()) {
            NDList[] xy = train.batch(scope, order, from, n, input);
            try (GradientCollector gc = trainer.newGradientCollector()) {
              NDArray value = trainer.getLoss().evaluate(xy[1], trainer.forward(xy[0]));
              gc.backward(value);
              loss = value.getFloat();
            }
            if (!Float.isFinite(loss)) {
              throw new NonFiniteLoss(loss, epoch, step + 1);
            }
            trainer.step();
          }
          step++;
        }
        trainingNanos += System.nanoTime() - epochStart;
        metrics.put("loss", (double) loss);
        metrics.putAll(evaluate(trainer, test, input));
        if (report) {
          System.out.println(progress(epoch, epochs, step, metrics));
        }
      }
      Path flavor = out.resolve("model");
      Files.createDirectories(flavor.resolve("data"));
      try (OutputStream os = Files.newOutputStream(flavor.resolve("data/model.pth"))) {
        JniUtils.writeModule((PtSymbolBlock) model.getBlock(), os, false);
      }
      MlflowFlavor.write(flavor);
      lastSamplesPerSecond = (double) train.size() * epochs / (trainingNanos / 1e9);
    }
    Files.deleteIfExists(module);
    return metrics;
  }

  private static Map<String, Double> evaluate(Trainer trainer, Dataset test, long[] input) {
    // A module loaded with trainable parameters refuses DJL's inference-mode forward ("inference
    // tensors cannot be saved for backward"), so the held-out pass runs like a training pass and
    // nothing is stepped. The digits modules have no dropout or batch norm: the result is the same.
    try (NDManager scope = trainer.getManager().newSubManager();
        GradientCollector unused = trainer.newGradientCollector()) {
      int[] all = new int[test.size()];
      for (int i = 0; i < all.length; i++) {
        all[i] = i;
      }
      NDList[] xy = test.batch(scope, all, 0, all.length, input);
      NDArray logits = trainer.forward(xy[0]).singletonOrThrow();
      NDArray labels = xy[1].singletonOrThrow();
      double loss = trainer.getLoss().evaluate(xy[1], new NDList(logits)).getFloat();
      double correct =
          logits
              .argMax(1)
              .toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
              .eq(labels)
              .sum()
              .getLong();
      return Map.of("val_loss", loss, "accuracy", correct / all.length);
    }
  }

  static String progress(int epoch, int epochs, long step, Map<String, Double> metrics) {
    StringBuilder m = new StringBuilder();
    metrics.keySet().stream()
        .sorted()
        .forEach(
            k ->
                m.append(m.length() == 0 ? "" : ", ")
                    .append('"')
                    .append(k)
                    .append("\": ")
                    .append(String.format(Locale.ROOT, "%s", metrics.get(k))));
    return Progress.PREFIX
        + "{\"epoch\": "
        + epoch
        + ", \"epochs\": "
        + epochs
        + ", \"metrics\": {"
        + m
        + "}, \"step\": "
        + step
        + "}";
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = DjlTrainer.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IOException("missing " + name + ": run `python -m trainyard_runtime.export`");
    }
    return in;
  }

  /** Samples as rows of 64 pixels and a label, in memory: the digits are 1,797 rows. */
  record Dataset(float[][] x, float[] y) {

    static Dataset read(String resource) throws IOException {
      List<float[]> rows = new ArrayList<>();
      try (BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(
                  new GZIPInputStream(resource(resource)), StandardCharsets.UTF_8))) {
        for (String line; (line = reader.readLine()) != null; ) {
          String[] cells = line.split(",");
          float[] row = new float[cells.length];
          for (int i = 0; i < cells.length; i++) {
            row[i] = Float.parseFloat(cells[i]);
          }
          rows.add(row);
        }
      }
      float[][] x = new float[rows.size()][];
      float[] y = new float[rows.size()];
      for (int i = 0; i < x.length; i++) {
        float[] row = rows.get(i);
        x[i] = java.util.Arrays.copyOf(row, row.length - 1);
        y[i] = row[row.length - 1];
      }
      return new Dataset(x, y);
    }

    int size() {
      return y.length;
    }

    int[] shuffled(Random random) {
      int[] order = new int[size()];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      for (int i = order.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      return order;
    }

    NDList[] batch(NDManager manager, int[] order, int from, int n, long[] input) {
      int width = x[0].length;
      float[] flat = new float[n * width];
      float[] labels = new float[n];
      for (int i = 0; i < n; i++) {
        System.arraycopy(x[order[from + i]], 0, flat, i * width, width);
        labels[i] = y[order[from + i]];
      }
      long[] shape = new long[input.length + 1];
      shape[0] = n;
      System.arraycopy(input, 0, shape, 1, input.length);
      return new NDList[] {
        new NDList(manager.create(flat, new Shape(shape))), new NDList(manager.create(labels))
      };
    }
  }
}
