package io.trainyard.job.adapters.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import io.trainyard.testsupport.PythonEnv;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DjlTrainerTest {

  @Test
  void theDigitsMlpTrainedWithDjlWithItsDefaultsReaches95PercentAndLoadsInMlflowAndDjl(
      @TempDir Path out) throws Exception {
    Map<String, Double> metrics =
        DjlTrainer.train(
            "digits-mlp", Map.of("epochs", 10, "batchSize", 32, "learningRate", 0.005), out, false);

    assertThat(metrics.get("accuracy")).isGreaterThanOrEqualTo(0.95);
    Criteria<NDList, NDList> criteria =
        Criteria.builder()
            .setTypes(NDList.class, NDList.class)
            .optModelPath(out.resolve("model/data/model.pth"))
            .optEngine("PyTorch")
            .build();
    try (ZooModel<NDList, NDList> model = criteria.loadModel();
        var predictor = model.newPredictor();
        NDManager manager = NDManager.newBaseManager()) {
      NDList answer = predictor.predict(new NDList(manager.zeros(new Shape(1, 64))));
      assertThat(answer.singletonOrThrow().getShape()).isEqualTo(new Shape(1, 10));
    }
    Process python =
        new ProcessBuilder(
                PythonEnv.bin("python").toString(),
                "-c",
                "import sys, torch, mlflow.pytorch\n"
                    + "m = mlflow.pytorch.load_model(sys.argv[1])\n"
                    + "print('shape', tuple(m(torch.zeros(2, 64)).shape))",
                out.resolve("model").toString())
            .redirectErrorStream(true)
            .start();
    python.getOutputStream().close();
    String said = new String(python.getInputStream().readAllBytes());
    assertThat(python.waitFor()).as(said).isZero();
    assertThat(said).contains("shape (2, 10)");
  }

  @Test
  void aLossThatOverflowsStopsTrainingAtOnceWithTheStopRulesReason(@TempDir Path out) {
    assertThatThrownBy(
            () ->
                DjlTrainer.train(
                    "digits-mlp",
                    Map.of("epochs", 5, "batchSize", 32, "learningRate", 1e38),
                    out,
                    false))
        .isInstanceOf(DjlTrainer.NonFiniteLoss.class)
        .hasMessageMatching("loss became (nan|inf) at epoch 1, step \\d+");
  }
}
