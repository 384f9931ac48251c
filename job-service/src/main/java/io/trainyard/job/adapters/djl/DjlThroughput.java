package io.trainyard.job.adapters.djl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The DJL half of {@code bench/run djl}: trains a digits template with DJL and prints training
 * samples per second (forward, loss, backward and step only). Arguments: template, epochs, batch
 * size, threads. The thread count goes to libtorch through DJL's system properties. {@code
 * --jvm-options} prints the options the executor starts its training JVM with, for the bench to
 * start this one alike.
 */
public final class DjlThroughput {

  private DjlThroughput() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 1 && args[0].equals("--jvm-options")) {
      System.out.println(String.join(" ", DjlTrainer.JVM_OPTIONS));
      return;
    }
    String template = args[0];
    int epochs = Integer.parseInt(args[1]);
    int batch = Integer.parseInt(args[2]);
    System.setProperty("ai.djl.pytorch.num_threads", args[3]);
    System.setProperty("ai.djl.pytorch.num_interop_threads", args[3]);
    System.setProperty("ai.djl.offline", "true");
    Path out = Files.createTempDirectory("ty-djl-bench");
    // One short run first: libtorch and the JIT warm up, as Python's would after import.
    DjlTrainer.train(template, Map.of("epochs", 1, "batchSize", batch), out, false);
    Map<String, Double> metrics =
        DjlTrainer.train(
            template,
            Map.of("epochs", epochs, "batchSize", batch, "learningRate", 0.005),
            out,
            false);
    System.out.printf(
        "djl samples_per_second=%.1f accuracy=%.4f%n",
        DjlTrainer.lastSamplesPerSecond, metrics.get("accuracy"));
  }
}
