package io.trainyard.job.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param pollInterval how often running attempts are looked at, besides wake-ups
 * @param concurrentLooks jobs looked at at once, each on a worker of its own
 * @param maxAttempts attempts per job, counting the first; only cluster failures are retried
 * @param lostAfter how long a cluster may not answer before its attempt counts as lost
 * @param startTimeout how long submitting an attempt may keep failing before it is lost
 * @param maxWorkers the most workers one job may ask for
 * @param checkpointStorage where Ray Train keeps checkpoints, as the cluster sees it (a local
 *     directory for local clusters, {@code s3://...} or a shared volume on Kubernetes); a retry
 *     resumes from there
 * @param mlflowTrackingUri MLflow as the job's code reaches it: the gateway's {@code /mlflow},
 *     where it acts as the job's owner (with the owner's MLflow account)
 * @param python the interpreter that checks the syntax of uploaded code (it never runs it)
 * @param progressEverySteps a progress line every this many steps as well as every epoch; 0: none
 * @param uploads where uploads lie and how big they may be
 * @param djlWorkDir where DJL attempts keep their process, log and model
 */
@ConfigurationProperties("trainyard.jobs")
public record JobProperties(
    Duration pollInterval,
    int concurrentLooks,
    int maxAttempts,
    Duration lostAfter,
    Duration startTimeout,
    int maxWorkers,
    String checkpointStorage,
    String mlflowTrackingUri,
    String python,
    int progressEverySteps,
    Uploads uploads,
    Path djlWorkDir) {

  public JobProperties {
    pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
    concurrentLooks = concurrentLooks <= 0 ? 32 : concurrentLooks;
    maxAttempts = maxAttempts <= 0 ? 3 : maxAttempts;
    lostAfter = lostAfter == null ? Duration.ofSeconds(20) : lostAfter;
    startTimeout = startTimeout == null ? Duration.ofMinutes(2) : startTimeout;
    maxWorkers = maxWorkers <= 0 ? 64 : maxWorkers;
    checkpointStorage =
        checkpointStorage == null
            ? Path.of(System.getProperty("user.home"), ".cache", "trainyard", "checkpoints")
                .toString()
            : checkpointStorage;
    mlflowTrackingUri =
        mlflowTrackingUri == null ? "http://127.0.0.1:8080/mlflow" : mlflowTrackingUri;
    python = python == null ? "python3" : python;
    uploads = uploads == null ? new Uploads(null, 0, 0, 0, 0, null, null) : uploads;
    djlWorkDir = djlWorkDir == null ? Path.of(".trainyard", "djl") : djlWorkDir;
  }

  /**
   * @param root the local blob store: only files under it are read
   * @param maxCodeBytes the most a code upload (a .py file or a .zip) may weigh
   * @param maxDataBytes the most a data upload (a .csv or a .zip) may weigh
   * @param maxFiles the most entries a zip may hold
   * @param maxUnpackedBytes the most a zip may unpack to
   * @param s3 the bucket the gateway uploads to in a cluster; its objects are fetched under root
   * @param cacheRetention how long a fetched object stays under root unused
   */
  public record Uploads(
      Path root,
      long maxCodeBytes,
      long maxDataBytes,
      int maxFiles,
      long maxUnpackedBytes,
      io.trainyard.platform.blob.S3Settings s3,
      java.time.Duration cacheRetention) {
    public Uploads {
      root = root == null ? Path.of(".trainyard", "blobs") : root;
      maxCodeBytes = maxCodeBytes <= 0 ? 5L << 20 : maxCodeBytes;
      maxDataBytes = maxDataBytes <= 0 ? 200L << 20 : maxDataBytes;
      maxFiles = maxFiles <= 0 ? 1000 : maxFiles;
      maxUnpackedBytes = maxUnpackedBytes <= 0 ? 400L << 20 : maxUnpackedBytes;
      cacheRetention = cacheRetention == null ? java.time.Duration.ofDays(7) : cacheRetention;
    }
  }
}
