package io.trainyard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.contracts.TrainyardEvent;
import io.trainyard.contracts.codec.CloudEvent;
import io.trainyard.contracts.codec.CloudEventCodec;
import io.trainyard.contracts.environment.EnvironmentReady;
import io.trainyard.contracts.environment.KubernetesNames;
import io.trainyard.contracts.job.JobFailed;
import io.trainyard.contracts.job.JobProgressed;
import io.trainyard.contracts.job.JobQueued;
import io.trainyard.contracts.job.JobRejected;
import io.trainyard.contracts.job.JobStarted;
import io.trainyard.contracts.job.JobSucceeded;
import io.trainyard.contracts.tracking.RunCreated;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * What Trainyard adds to a training run, on the local stack ({@code ./trainyard up}): the same
 * template, hyperparameters and workers run (a) submitted straight to the environment's Ray with
 * {@code ray job submit} and (b) through Trainyard as a user does it ({@code POST /api/jobs}:
 * Kafka, MLflow run, queue, package upload, Ray Jobs API, log following, events). Prints both wall
 * times, their ratio (target at most 1.05), submit-to-running through Trainyard (target at most 2
 * s, or 1.2 times {@code ray job submit}'s) and where that time went, hop by hop, from the events'
 * own times.
 *
 * <p>Options: --gateway=http://127.0.0.1:8080 --bootstrap=127.0.0.1:9092
 * --mlflow=http://127.0.0.1:5000 --epochs=5 --workers=2 --runs=2
 */
public final class TrainingOverheadBench {

  private static final CloudEventCodec CODEC = new CloudEventCodec();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static final Path STATE = StackEvents.STATE;

  private static final String MLFLOW_ADMIN = "trainyard_admin";

  private String clusterToken;
  private String dashboard;
  private GatewayUser user;

  private final StackEvents stack;
  private final List<Double> directToRunning = new ArrayList<>();
  private final List<Milestones> hops = new ArrayList<>();

  private TrainingOverheadBench(String bootstrap) {
    this.stack = new StackEvents(bootstrap);
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = Options.parse(args);
    String mlflow = options.getOrDefault("mlflow", "http://127.0.0.1:5000");
    int epochs = Integer.parseInt(options.getOrDefault("epochs", "5"));
    int workers = Integer.parseInt(options.getOrDefault("workers", "2"));
    int runs = Integer.parseInt(options.getOrDefault("runs", "2"));
    var bench = new TrainingOverheadBench(options.getOrDefault("bootstrap", "127.0.0.1:9092"));
    String gateway = options.getOrDefault("gateway", "http://127.0.0.1:8080");
    bench.user =
        GatewayUser.signUp(
            HTTP, gateway, "overhead-" + Long.toString(System.currentTimeMillis(), 36));
    String owner = bench.user.name();
    String env = "overhead";

    System.out.printf("requesting environment %s/%s with %d workers...%n", owner, env, workers);
    HttpResponse<String> created =
        bench.user.send(
            bench.user.post(
                "/api/environments",
                "{\"name\":\""
                    + env
                    + "\",\"workers\":"
                    + workers
                    + ",\"workerCpu\":1,\"workerMemoryGi\":1,\"gpusPerWorker\":0}"));
    if (created.statusCode() != 202) {
      throw new IllegalStateException("environment refused: " + created.body());
    }
    EnvironmentReady ready =
        (EnvironmentReady)
            bench.await(
                e ->
                    e instanceof EnvironmentReady r
                        && r.owner().equals(owner)
                        && r.name().equals(env),
                Duration.ofMinutes(5));
    String dashboard = ready.dashboardUrl();
    bench.dashboard = dashboard;
    bench.clusterToken =
        Files.readString(
                STATE
                    .resolve("ray-tokens")
                    .resolve(KubernetesNames.localKey(owner, env) + ".token"))
            .strip();
    Map<String, Object> hp = Map.of("epochs", epochs);
    try {
      bench.direct(dashboard, mlflow, hp, workers, "warmup");
      List<Double> direct = new ArrayList<>();
      List<Double> trainyard = new ArrayList<>();
      List<Double> toRunning = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        direct.add(bench.direct(dashboard, mlflow, hp, workers, "direct-" + i));
        double[] through = bench.throughTrainyard(env, hp, workers);
        trainyard.add(through[0]);
        toRunning.add(through[1]);
      }
      double d = Percentiles.median(direct);
      double t = Percentiles.median(trainyard);
      double r = Percentiles.median(toRunning);
      System.out.printf(
          "%nTrainyard overhead (digits-mlp, %d epochs, %d workers, median of %d):%n",
          epochs, workers, runs);
      System.out.printf("  ray job submit      %7.1f s   %s%n", d, direct);
      System.out.printf("  through Trainyard   %7.1f s   %s%n", t, trainyard);
      System.out.printf(
          "  wall-time ratio     %7.3f     target <= 1.05: %s%n",
          t / d, t / d <= 1.05 ? "met" : "NOT met");
      double rayAlone =
          Percentiles.median(bench.directToRunning.subList(1, bench.directToRunning.size()));
      double target = Math.max(2, 1.2 * rayAlone);
      System.out.printf(
          "  submit-to-running   %7.2f s   target <= %.2f s (2 s or 1.2 x ray job submit's): %s   %s%n",
          r, target, r <= target ? "met" : "NOT met", toRunning);
      System.out.printf(
          "  (ray job submit alone, submit-to-running: %.2f s %s)%n",
          rayAlone, bench.directToRunning);
      System.out.println("  where submit-to-running went (median, seconds after POST /api/jobs):");
      Milestones.printMedians(bench.hops, HOPS);
    } finally {
      bench.user.send(
          HttpRequest.newBuilder(URI.create(gateway + "/api/environments/" + env))
              .header("Authorization", "Bearer " + bench.user.token())
              .DELETE()
              .build());
      bench.stack.close();
    }
  }

  /** The runtime's entrypoint submitted with Ray's own CLI; seconds from submit to SUCCEEDED. */
  private double direct(
      String dashboard, String mlflow, Map<String, Object> hp, int workers, String name)
      throws Exception {
    Path dir = Files.createTempDirectory("ty-direct");
    Path runtime = Path.of("python", "trainyard_runtime");
    Files.createDirectories(dir.resolve("trainyard_runtime"));
    try (var files = Files.list(runtime)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".py")).toList()) {
        Files.copy(f, dir.resolve("trainyard_runtime").resolve(f.getFileName()));
      }
    }
    String jobId = "direct-" + UUID.randomUUID();
    Files.writeString(
        dir.resolve("trainyard_job.json"),
        CloudEventCodec.mapper()
            .writeValueAsString(
                Map.of(
                    "jobId", jobId,
                    "template", "digits-mlp",
                    "hyperparameters", hp,
                    "workers", workers,
                    "storagePath", dir.resolve("checkpoints").toString())));
    String runId = mlflowRun(mlflow, name);
    String venv = Files.readString(Path.of(".trainyard", "venv-path")).strip();
    String runtimeEnv =
        CloudEventCodec.mapper()
            .writeValueAsString(
                Map.of(
                    "env_vars",
                    Map.of(
                        "MLFLOW_TRACKING_URI",
                        mlflow,
                        "TRAINYARD_MLFLOW_RUN_ID",
                        runId,
                        "MLFLOW_TRACKING_USERNAME",
                        MLFLOW_ADMIN,
                        "MLFLOW_TRACKING_PASSWORD",
                        adminPassword())));
    long start = System.nanoTime();
    double running = -1;
    Process submit =
        new ProcessBuilder(
                venv + "/bin/ray",
                "job",
                "submit",
                "--address",
                dashboard,
                "--headers",
                "{\"Authorization\": \"Bearer " + clusterToken + "\"}",
                "--no-wait",
                "--submission-id",
                jobId,
                "--working-dir",
                dir.toString(),
                "--runtime-env-json",
                runtimeEnv,
                "--",
                "python",
                "-m",
                "trainyard_runtime.job")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (submit.waitFor() != 0) {
      throw new IllegalStateException("ray job submit failed");
    }
    while (true) {
      String status =
          CloudEventCodec.mapper()
              .readTree(
                  HTTP.send(
                          HttpRequest.newBuilder(URI.create(dashboard + "/api/jobs/" + jobId))
                              .header("Authorization", "Bearer " + clusterToken)
                              .build(),
                          HttpResponse.BodyHandlers.ofString())
                      .body())
              .path("status")
              .asText();
      if (running < 0 && (status.equals("RUNNING") || status.equals("SUCCEEDED"))) {
        running = (System.nanoTime() - start) / 1e9;
        directToRunning.add(running);
      }
      if (status.equals("SUCCEEDED")) {
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
            "  %-12s ray job submit: %.1f s (running after %.2f s)%n", name, seconds, running);
        return seconds;
      }
      if (status.equals("FAILED") || status.equals("STOPPED")) {
        throw new IllegalStateException(jobId + " ended " + status);
      }
      Thread.sleep(100);
    }
  }

  /** Seconds from {@code POST /api/jobs} to succeeded, and to started (the Ray job running). */
  private double[] throughTrainyard(String env, Map<String, Object> hp, int workers)
      throws Exception {
    String body =
        CloudEventCodec.mapper()
            .writeValueAsString(
                Map.of(
                    "environment", env,
                    "template", "digits-mlp",
                    "hyperparameters", hp,
                    "workers", workers));
    long posted = System.currentTimeMillis();
    long start = System.nanoTime();
    HttpResponse<String> accepted = user.send(user.post("/api/jobs", body));
    double answered = (System.nanoTime() - start) / 1e9;
    if (accepted.statusCode() != 202) {
      throw new IllegalStateException("job refused: " + accepted.body());
    }
    String jobId = CloudEventCodec.mapper().readTree(accepted.body()).path("id").asText();
    JobStarted started =
        (JobStarted)
            await(e -> e instanceof JobStarted s && s.jobId().equals(jobId), Duration.ofMinutes(5));
    double running = (System.nanoTime() - start) / 1e9;
    TrainyardEvent end =
        await(
            e ->
                (e instanceof JobSucceeded s && s.jobId().equals(jobId))
                    || (e instanceof JobFailed f && f.jobId().equals(jobId) && !f.retriable())
                    || (e instanceof JobRejected r && r.jobId().equals(jobId)),
            Duration.ofMinutes(10));
    if (!(end instanceof JobSucceeded)) {
      throw new IllegalStateException(jobId + " ended " + end);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Milestones h = new Milestones(posted);
    h.at("accepted", posted + Math.round(answered * 1000));
    for (CloudEvent e : stack.seen()) {
      String hop =
          e.data() instanceof JobQueued q && q.jobId().equals(jobId)
              ? "queued"
              : e.data() instanceof RunCreated c && c.jobId().equals(jobId)
                  ? "run"
                  : e.data() instanceof JobStarted s && s.jobId().equals(jobId)
                      ? "started"
                      : e.data() instanceof JobProgressed p && p.jobId().equals(jobId)
                          ? "progress"
                          : null;
      if (hop != null) {
        h.at(hop, e.time().toEpochMilli());
      }
    }
    h.at("ray", raySubmitted(started.raySubmissionId()));
    hops.add(h);
    System.out.printf(
        "  %-12s Trainyard: %.1f s (running after %.2f s) %s%n",
        "", seconds, running, h.summary(HOPS));
    return new double[] {seconds, running};
  }

  /** When the cluster's Jobs API took the submission (its own start_time), epoch millis. */
  private long raySubmitted(String submissionId) throws Exception {
    return CloudEventCodec.mapper()
        .readTree(
            HTTP.send(
                    HttpRequest.newBuilder(URI.create(dashboard + "/api/jobs/" + submissionId))
                        .header("Authorization", "Bearer " + clusterToken)
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body())
        .path("start_time")
        .asLong();
  }

  /** Each hop of one job, in seconds after its POST, by the events' own times. */
  private static final Map<String, String> HOPS = new java.util.LinkedHashMap<>();

  static {
    HOPS.put("accepted", "gateway: 202 (on Kafka, acks=all)");
    HOPS.put("queued", "job-service: queued (JobQueued)");
    HOPS.put("run", "tracking: MLflow run made (RunCreated)");
    HOPS.put("ray", "job-service: package up, Ray Jobs API took it");
    HOPS.put("started", "job-service: Ray says RUNNING (JobStarted)");
    HOPS.put("progress", "first epoch reported (JobProgressed)");
  }

  private TrainyardEvent await(Predicate<TrainyardEvent> match, Duration timeout) {
    return stack.await(match, timeout);
  }

  private static String mlflowRun(String mlflow, String name) throws Exception {
    String body =
        CloudEventCodec.mapper()
            .writeValueAsString(
                Map.of(
                    "experiment_id",
                    "0",
                    "run_name",
                    name,
                    "start_time",
                    System.currentTimeMillis()));
    JsonNode run =
        CloudEventCodec.mapper()
            .readTree(
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(mlflow + "/api/2.0/mlflow/runs/create"))
                            .header("Content-Type", "application/json")
                            .header(
                                "Authorization",
                                "Basic "
                                    + java.util.Base64.getEncoder()
                                        .encodeToString(
                                            (MLFLOW_ADMIN + ":" + adminPassword()).getBytes()))
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                        HttpResponse.BodyHandlers.ofString())
                    .body());
    return run.path("run").path("info").path("run_id").asText();
  }

  private static String adminPassword() {
    return secret("mlflow-admin");
  }

  /** A secret of the local stack, as ./trainyard made it in its state folder. */
  private static String secret(String name) {
    return StackEvents.secret(name);
  }
}
