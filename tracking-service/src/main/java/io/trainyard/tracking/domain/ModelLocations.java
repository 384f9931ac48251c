package io.trainyard.tracking.domain;

import io.trainyard.contracts.job.JobSucceeded;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a succeeded job's model may be: its own MLflow run, or the work directory DJL gave that
 * attempt ({@code djlWorkDir/<job id>-<attempt>/}). Anything else (another run, a path of this
 * machine) only a forged event names, and tracking-service would copy it into MLflow.
 */
public record ModelLocations(Path djlWorkDir) {

  public ModelLocations {
    djlWorkDir = djlWorkDir.toAbsolutePath().normalize();
  }

  public Optional<String> problem(JobSucceeded job, String runId) {
    String uri = job.modelUri();
    if (uri == null || uri.equals("runs:/" + runId + "/model")) {
      return Optional.empty();
    }
    if (uri.startsWith("file:")) {
      Path own = djlWorkDir.resolve(job.jobId() + "-" + job.attempt()).normalize();
      try {
        Path path = Path.of(URI.create(uri)).toAbsolutePath().normalize();
        if (own.getParent().equals(djlWorkDir) && path.startsWith(own)) {
          return Optional.empty();
        }
      } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
        return Optional.of("modelUri '" + uri + "' is not a file URI");
      }
      return Optional.of(
          "modelUri '" + uri + "' is outside the work directory of job " + job.jobId());
    }
    return Optional.of(
        "modelUri '" + uri + "' is neither run " + runId + " nor the job's work directory");
  }
}
