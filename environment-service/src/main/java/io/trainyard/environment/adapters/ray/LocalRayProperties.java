package io.trainyard.environment.adapters.ray;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Local Ray clusters: one {@code ray start --head} per environment, one {@code ray start --address}
 * per worker, each with its own ports and temp dir.
 *
 * @param venv the project's virtualenv, whose {@code bin/ray} starts the processes
 * @param workDir where each cluster's temp dir goes; keep it short (Ray's unix sockets live there)
 * @param headCpus logical CPUs of the head (Ray Train's coordinator needs one)
 * @param objectStoreMemoryMb object store per node; small, since all nodes share this machine
 */
@ConfigurationProperties("trainyard.local")
public record LocalRayProperties(Path venv, Path workDir, int headCpus, int objectStoreMemoryMb) {

  public LocalRayProperties {
    venv = venv == null || venv.toString().isEmpty() ? null : venv;
    workDir = workDir == null ? Path.of("/tmp") : workDir;
    headCpus = headCpus < 0 ? 0 : headCpus;
    objectStoreMemoryMb = objectStoreMemoryMb <= 0 ? 512 : objectStoreMemoryMb;
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
