package io.trainyard.environment.adapters.ray;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Local Ray clusters: one {@code ray start --head} per environment, one {@code ray start --address}
 * per worker, each with its own ports and temp dir.
 *
 * @param venv the project's virtualenv, whose {@code bin/ray} starts the processes
 * @param workDir where each cluster's temp dir goes; keep it short (Ray's unix sockets live there)
 * @param headCpus logical CPUs of the head (Ray Train's coordinator needs one)
 * @param objectStoreMemoryMb object store per node; small, since all nodes share this machine
 * @param workerStartup how long a worker's {@code ray start} may run without its node alive in the
 *     cluster before it is started again (Ray itself waits 30 s, then gives up, or can hang)
 */
@ConfigurationProperties("trainyard.local")
public record LocalRayProperties(
    Path venv, Path workDir, int headCpus, int objectStoreMemoryMb, Duration workerStartup) {

  /**
   * 107 bytes for {@code <work dir>/tyray-<12 hex>/w<port>/session_<date>_<time>_<usec>_<pid>/
   * sockets/plasma_store} (a worker's), a pid of up to 7 digits.
   */
  static final int MAX_WORK_DIR = 107 - 19 - 7 - 43 - 21;

  public LocalRayProperties {
    venv = venv == null || venv.toString().isEmpty() ? null : venv;
    workDir = workDir == null ? Path.of("/tmp") : workDir;
    if (workDir.toAbsolutePath().toString().length() > MAX_WORK_DIR) {
      throw new IllegalArgumentException(
          "trainyard.local.work-dir "
              + workDir
              + " is too long: Ray's unix sockets live below it and their paths may not exceed 107"
              + " bytes, so it may have at most "
              + MAX_WORK_DIR
              + " characters");
    }
    headCpus = headCpus < 0 ? 0 : headCpus;
    objectStoreMemoryMb = objectStoreMemoryMb <= 0 ? 512 : objectStoreMemoryMb;
    workerStartup = workerStartup == null ? Duration.ofMinutes(2) : workerStartup;
  }

  /** The virtualenv; starting a cluster without one is a configuration error, said as such. */
  public Path requireVenv() {
    if (venv == null) {
      throw new IllegalStateException(
          "trainyard.local.venv is not set: point it (or TRAINYARD_VENV) at the virtualenv of ./trainyard venv");
    }
    return venv;
  }
}
