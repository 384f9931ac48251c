package io.trainyard.job.adapters.djl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/**
 * Lays a TorchScript file out as MLflow's pytorch flavor, as {@code mlflow.pytorch.save_model} does
 * for the Ray executor's models: tracking-service registers both alike, and {@code
 * mlflow.pytorch.load_model} loads both (torch.load reads a TorchScript archive).
 */
final class MlflowFlavor {

  static final String TORCH = "2.7.1";
  static final String MLFLOW = "3.17.2";

  private MlflowFlavor() {}

  /** Writes {@code dir/MLmodel} and its companions around {@code dir/data/model.pth}. */
  static void write(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("data"));
    Files.writeString(dir.resolve("data/pickle_module_info.txt"), "mlflow.pytorch.pickle_module");
    Files.writeString(
        dir.resolve("MLmodel"),
        """
        flavors:
          python_function:
            data: data
            env:
              virtualenv: python_env.yaml
            loader_module: mlflow.pytorch
            pickle_module_name: mlflow.pytorch.pickle_module
            python_version: 3.11.7
          pytorch:
            code: null
            model_data: data
            pytorch_version: %s
        mlflow_version: %s
        model_uuid: %s
        utc_time_created: '%s'
        trainyard_executor: djl
        """
            .formatted(
                TORCH, MLFLOW, UUID.randomUUID().toString().replace("-", ""), Instant.now()));
    Files.writeString(
        dir.resolve("requirements.txt"), "mlflow==" + MLFLOW + "\ntorch==" + TORCH + "\n");
    Files.writeString(
        dir.resolve("python_env.yaml"),
        "python: 3.11.7\nbuild_dependencies:\n- pip\n- setuptools\n- wheel\ndependencies:\n- -r requirements.txt\n");
  }
}
