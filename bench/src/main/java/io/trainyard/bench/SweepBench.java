package io.trainyard.bench;

import io.trainyard.contracts.environment.EnvironmentDeleteRequested;
import io.trainyard.contracts.environment.EnvironmentReady;
import io.trainyard.contracts.environment.EnvironmentRequested;
import io.trainyard.contracts.job.JobProgressed;
import io.trainyard.contracts.job.Resources;
import io.trainyard.contracts.sweep.SweepCompleted;
import io.trainyard.contracts.sweep.SweepRejected;
import io.trainyard.contracts.sweep.SweepRequested;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What early stopping saves, on the local stack ({@code ./trainyard up}): the same random space of
 * {@code trials} digits-mlp trials (one seed), once with ASHA and once with every trial run to its
 * full epochs, on one environment. Prints the epochs each trained (compute), its wall time and its
 * best accuracy. Targets: ASHA trains at most half the epochs, and its best accuracy is within 0.01
 * of the full search's.
 *
 * <p>Options: --bootstrap=127.0.0.1:9092 --trials=12 --epochs=9 --workers=2 --seed=11
 */
public final class SweepBench {

  private static final String OWNER = "bench";

  record Outcome(String mode, int trials, int epochs, double seconds, Double best) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = Options.parse(args);
    int trials = Integer.parseInt(options.getOrDefault("trials", "12"));
    int epochs = Integer.parseInt(options.getOrDefault("epochs", "9"));
    int workers = Integer.parseInt(options.getOrDefault("workers", "2"));
    long seed = Long.parseLong(options.getOrDefault("seed", "11"));
    String env = "sweep-" + Long.toString(System.currentTimeMillis(), 36);
    try (StackEvents stack = new StackEvents(options.getOrDefault("bootstrap", "127.0.0.1:9092"))) {
      System.out.printf("requesting environment %s/%s with %d workers...%n", OWNER, env, workers);
      stack.send(
          "trainyard.environment-requests", new EnvironmentRequested(OWNER, env, workers, 1, 1, 0));
      stack.await(
          e -> e instanceof EnvironmentReady r && r.name().equals(env), Duration.ofMinutes(5));
      try {
        Outcome asha = run(stack, env, "asha", trials, epochs, workers, seed, true);
        Outcome full = run(stack, env, "full", trials, epochs, workers, seed, false);
        report(asha, full);
      } finally {
        stack.send("trainyard.environment-requests", new EnvironmentDeleteRequested(OWNER, env));
      }
    }
  }

  private static Outcome run(
      StackEvents stack,
      String env,
      String mode,
      int trials,
      int epochs,
      int workers,
      long seed,
      boolean asha) {
    String id = env + "-" + mode;
    System.out.printf(
        "sweep %s: %d trials of %d epochs, %d at once...%n", id, trials, epochs, workers);
    long start = System.nanoTime();
    stack.send(
        "trainyard.job-requests",
        new SweepRequested(
            id,
            OWNER,
            env,
            "digits-mlp",
            null,
            null,
            Map.of("epochs", epochs),
            Map.of(
                "learningRate", Map.of("logUniform", List.of(0.0001, 0.05)),
                "hidden", Map.of("choice", List.of(16, 64, 256))),
            SweepRequested.RANDOM,
            trials,
            seed,
            workers,
            "accuracy",
            "max",
            asha ? new SweepRequested.EarlyStopping(1, 3) : null,
            1,
            new Resources(1, 1, 0),
            null));
    var end =
        stack.await(
            e ->
                (e instanceof SweepCompleted c && c.sweepId().equals(id))
                    || (e instanceof SweepRejected r && r.sweepId().equals(id)),
            Duration.ofMinutes(60));
    double seconds = (System.nanoTime() - start) / 1e9;
    if (end instanceof SweepRejected r) {
      throw new IllegalStateException("the sweep was rejected: " + r.field() + ": " + r.reason());
    }
    SweepCompleted done = (SweepCompleted) end;
    Map<String, Integer> trained = new HashMap<>();
    stack.seen().stream()
        .map(e -> e.data())
        .filter(e -> e instanceof JobProgressed p && p.jobId().startsWith(id + "-t"))
        .map(JobProgressed.class::cast)
        .filter(p -> p.metrics().containsKey("accuracy"))
        .forEach(p -> trained.merge(p.jobId(), p.epoch(), Math::max));
    int total = trained.values().stream().mapToInt(Integer::intValue).sum();
    System.out.printf(
        "  %s: %s in %.0f s, %d epochs trained, best accuracy %s%n",
        id, done.status(), seconds, total, done.bestMetric());
    return new Outcome(mode, trials, total, seconds, done.bestMetric());
  }

  private static void report(Outcome asha, Outcome full) {
    double compute = (double) asha.epochs() / full.epochs();
    double gap =
        asha.best() == null || full.best() == null ? Double.NaN : full.best() - asha.best();
    System.out.printf("%nSweep, digits-mlp, %d random trials (same seed):%n", asha.trials());
    System.out.printf("  %-6s %8s %9s %14s%n", "", "epochs", "wall s", "best accuracy");
    for (Outcome o : List.of(asha, full)) {
      System.out.printf("  %-6s %8d %9.0f %14s%n", o.mode(), o.epochs(), o.seconds(), o.best());
    }
    System.out.printf(
        "  ASHA / full epochs   %6.2f   target <= 0.50: %s%n",
        compute, compute <= 0.5 ? "met" : "NOT met");
    System.out.printf(
        "  best accuracy gap    %6.4f   target <= 0.01: %s%n",
        gap, gap <= 0.01 ? "met" : "NOT met");
  }
}
