package io.trainyard.job.adapters.ray;

import io.trainyard.contracts.job.JobSubmitted;
import io.trainyard.contracts.template.Templates;
import io.trainyard.job.adapters.blob.LocalBlobs;
import io.trainyard.job.config.JobProperties;
import io.trainyard.job.domain.AttemptRefusedException;
import io.trainyard.job.domain.AttemptStatus;
import io.trainyard.job.domain.EnvironmentView;
import io.trainyard.job.domain.Job;
import io.trainyard.job.domain.LogRead;
import io.trainyard.job.domain.TrainingBackend;
import io.trainyard.platform.mlflow.MlflowAccounts;
import io.trainyard.platform.ray.ClusterTokens;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Runs attempts as Ray jobs: uploads the working dir as a content-addressed package, submits {@code
 * python -m trainyard_runtime.job} with the attempt's submission id, and follows it.
 */
@Component
class RayJobsBackend implements TrainingBackend {

  private static final Logger log = LoggerFactory.getLogger(RayJobsBackend.class);
  static final String ENTRYPOINT = "python -m trainyard_runtime.job";

  private final RayJobsClient client = new RayJobsClient();
  private final JobProperties properties;
  private final LocalBlobs blobs;
  private final ClusterTokens tokens;
  private final MlflowAccounts mlflow;
  private final Map<String, byte[]> runtime;

  /** The node each attempt's driver runs on, as its details said: where its log lies. */
  private final Map<String, String> drivers = new ConcurrentHashMap<>();

  private final Map<String, RayLogFollower> followers = new ConcurrentHashMap<>();

  /** Trainyard's own runtime files in the working dir, beside the user's. */
  private static final long RUNTIME_BYTES = 16L << 20;

  RayJobsBackend(
      JobProperties properties, LocalBlobs blobs, ClusterTokens tokens, MlflowAccounts mlflow) {
    this.properties = properties;
    this.blobs = blobs;
    this.tokens = tokens;
    this.mlflow = mlflow;
    this.runtime = runtimeFiles();
  }

  @Override
  public void submit(EnvironmentView env, Job job) {
    RayJobsClient.Head base = head(env);
    String id = job.attempt().submissionId();
    Path file = null;
    try {
      file = Files.createTempFile("trainyard-working-dir-", ".zip");
      WorkingDir.Package pkg;
      try {
        pkg = workingDir(job).write(file, properties.uploads().maxUnpackedBytes() + RUNTIME_BYTES);
      } catch (WorkingDir.TooLargeException e) {
        throw new AttemptRefusedException(e.getMessage());
      }
      if (!client.hasPackage(base, pkg.name())) {
        client.uploadPackage(base, pkg.name(), file);
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("entrypoint", ENTRYPOINT);
      body.put("submission_id", id);
      body.put(
          "runtime_env",
          Map.of(
              "working_dir",
              "gcs://" + pkg.name(),
              "env_vars",
              Map.of(
                  "MLFLOW_TRACKING_URI",
                  properties.mlflowTrackingUri(),
                  // The job's code writes to MLflow as its owner, and so only what they own.
                  "MLFLOW_TRACKING_USERNAME",
                  job.owner(),
                  "MLFLOW_TRACKING_PASSWORD",
                  mlflow.password(job.owner()),
                  "TRAINYARD_MLFLOW_RUN_ID",
                  job.mlflowRunId(),
                  "RAY_TRAIN_ENABLE_V2_MIGRATION_WARNINGS",
                  "0",
                  "PYTHONUNBUFFERED",
                  "1")));
      body.put(
          "metadata",
          Map.of(
              "trainyard.job_id", job.id(),
              "trainyard.owner", job.owner(),
              "trainyard.attempt", Integer.toString(job.attempt().number())));
      client.submit(base, body);
      log.info("submitted {} ({} bytes of working dir as {})", id, Files.size(file), pkg.name());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot submit " + id + " to " + base + ": " + e.getMessage(), e);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          log.warn("cannot remove {}: {}", file, e.toString());
        }
      }
    }
  }

  @Override
  public AttemptStatus status(EnvironmentView env, String submissionId) {
    RayJobsClient.RayJob job = client.status(head(env), submissionId);
    if (job.driverNodeId() != null) {
      drivers.put(submissionId, job.driverNodeId());
    }
    return job.status();
  }

  @Override
  public LogRead logs(EnvironmentView env, String submissionId, long from, int max, boolean ended) {
    String node = drivers.get(submissionId);
    if (node == null) {
      return LogRead.none();
    }
    RayJobsClient.Head base = head(env);
    if (!ended) {
      RayLogFollower follower =
          followers.computeIfAbsent(
              submissionId,
              id ->
                  new RayLogFollower(
                      client.http(), client.logStream(base, node, id), base.headers(), from, id));
      LogRead read = follower.read(from, max);
      if (read != null) {
        return read;
      }
    }
    // The attempt ended (or the follower let lines go): the whole log, from where we are.
    close(submissionId);
    try {
      return client.logs(base, node, submissionId, from, max);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the log of " + submissionId, e);
    }
  }

  @Override
  public void forget(String submissionId) {
    close(submissionId);
    drivers.remove(submissionId);
  }

  private void close(String submissionId) {
    RayLogFollower follower = followers.remove(submissionId);
    if (follower != null) {
      follower.close();
    }
  }

  @Override
  public void stop(EnvironmentView env, String submissionId) {
    try {
      client.stop(head(env), submissionId);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @PreDestroy
  void closeFollowers() {
    followers.values().forEach(RayLogFollower::close);
    followers.clear();
  }

  WorkingDir workingDir(Job job) {
    JobSubmitted spec = job.spec();
    WorkingDir dir = new WorkingDir().runtime(runtime);
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("jobId", job.id());
    content.put("template", spec.template());
    // The template's declared defaults travel with the job: one source for UI, API and runtime.
    content.put(
        "hyperparameters",
        spec.template() == null
            ? new TreeMap<>(spec.hyperparameters())
            : Templates.byId(spec.template())
                .map(t -> t.withDefaults(spec.hyperparameters()))
                .orElse(new TreeMap<>(spec.hyperparameters())));
    content.put("workers", spec.workers());
    content.put("storagePath", properties.checkpointStorage());
    content.put("progressEverySteps", properties.progressEverySteps());
    if (job.attempt().pauseAt() != null) {
      content.put("pauseAtEpoch", job.attempt().pauseAt());
    }
    if (spec.resources() != null) {
      content.put(
          "cpusPerWorker",
          spec.resources().cpuPerWorker() > 0 ? spec.resources().cpuPerWorker() : 1);
      content.put("gpusPerWorker", spec.resources().gpusPerWorker());
    }
    if (spec.code() != null) {
      content.put("codePath", dir.add("user", spec.code(), blobs.path(spec.code())));
    }
    if (spec.data() != null) {
      content.put("dataPath", dir.add("data", spec.data(), blobs.path(spec.data())));
    }
    return dir.spec(content);
  }

  /** The environment's dashboard, with the token its cluster requires. */
  private RayJobsClient.Head head(EnvironmentView env) {
    return new RayJobsClient.Head(base(env), tokens.authorization(env.owner(), env.name()));
  }

  /** The jobs API answers under the dashboard's root. */
  static String base(EnvironmentView env) {
    String url = env.jobsApiUrl();
    int at = url.indexOf("/api/jobs");
    return at >= 0 ? url.substring(0, at) : url.replaceAll("/+$", "");
  }

  /** The Python runtime, packed into this service's jar at build time. */
  private static Map<String, byte[]> runtimeFiles() {
    try {
      Map<String, byte[]> files = new TreeMap<>();
      for (Resource r :
          new PathMatchingResourcePatternResolver()
              .getResources("classpath*:runtime/trainyard_runtime/*.py")) {
        try (InputStream in = r.getInputStream()) {
          files.put("trainyard_runtime/" + r.getFilename(), in.readAllBytes());
        }
      }
      if (!files.containsKey("trainyard_runtime/job.py")) {
        throw new IllegalStateException("the Python runtime is missing from the classpath");
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
