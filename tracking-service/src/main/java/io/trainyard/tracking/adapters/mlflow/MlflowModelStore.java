package io.trainyard.tracking.adapters.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.tracking.domain.ModelStore;
import io.trainyard.tracking.domain.TrackedRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * A run's model through MLflow's artifact proxy ({@code --serve-artifacts}), no Python involved.
 */
@Component
class MlflowModelStore implements ModelStore {

  static final String MODEL = "model";
  static final String TORCHSCRIPT = MODEL + "/data/model.pth";

  private final MlflowRest rest;

  MlflowModelStore(MlflowRest rest) {
    this.rest = rest;
  }

  static String root(TrackedRun run) {
    return run.experimentId() + "/" + run.runId() + "/artifacts";
  }

  @Override
  public boolean hasModel(TrackedRun run) {
    return rest.listArtifacts(root(run) + "/" + MODEL)
        .map(listing -> listing.path("files"))
        .map(files -> contains(files, "MLmodel"))
        .orElse(false);
  }

  @Override
  public void upload(TrackedRun run, String modelUri) {
    Path dir = Path.of(URI.create(modelUri));
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("model " + modelUri + " is not a directory");
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String relative = dir.relativize(file).toString().replace('\\', '/');
        rest.upload(root(run) + "/" + MODEL + "/" + relative, file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Path downloadTorchScript(TrackedRun run) {
    try {
      Path dir = Files.createTempDirectory("ty-model-" + run.runId());
      return rest.download(root(run) + "/" + TORCHSCRIPT, dir.resolve("model.pth"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean contains(JsonNode files, String name) {
    List<String> paths = files.findValuesAsText("path");
    return paths.stream().anyMatch(p -> p.equals(name) || p.endsWith("/" + name));
  }
}
