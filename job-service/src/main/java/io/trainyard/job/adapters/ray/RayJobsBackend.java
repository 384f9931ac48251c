package io.trainyard.job.adapters.ray;

import io.trainyard.contracts.job.JobSubmitted;
import io.trainyard.contracts.template.Templates;
import io.trainyard.job.adapters.blob.LocalBlobs;
import io.trainyard.job.config.JobProperties;
import io.trainyard.job.domain.AttemptStatus;
import io.trainyard.job.domain.EnvironmentView;
import io.trainyard.job.domain.Job;
import io.trainyard.job.domain.TrainingBackend;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
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
  private final Map<String, byte[]> runtime;

  RayJobsBackend(JobProperties properties, LocalBlobs blobs) {
    this.properties = properties;
    this.blobs = blobs;
    this.runtime = runtimeFiles();
  }

  @Override
  public void submit(EnvironmentView env, Job job) {
    String base = base(env);
    byte[] zip = workingDir(job).zip();
    String name = WorkingDir.packageName(zip);
    try {
      if (!client.hasPackage(base, name)) {
        client.uploadPackage(base, name, zip);
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("entrypoint", ENTRYPOINT);
      body.put("submission_id", job.raySubmissionId());
      body.put(
          "runtime_env",
          Map.of(
              "working_dir",
              "gcs://" + name,
              "env_vars",
              Map.of(
                  "MLFLOW_TRACKING_URI",
                  properties.mlflowTrackingUri(),
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
              "trainyard.attempt", Integer.toString(job.attempt())));
      client.submit(base, body);
      log.info(
          "submitted {} ({} bytes of working dir as {})", job.raySubmissionId(), zip.length, name);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot submit " + job.raySubmissionId() + " to " + base + ": " + e.getMessage(), e);
    }
  }

  @Override
  public AttemptStatus status(EnvironmentView env, String submissionId) {
    return client.status(base(env), submissionId);
  }

  @Override
  public String logs(EnvironmentView env, String submissionId) {
    try {
      return client.logs(base(env), submissionId);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop(EnvironmentView env, String submissionId) {
    try {
      client.stop(base(env), submissionId);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
