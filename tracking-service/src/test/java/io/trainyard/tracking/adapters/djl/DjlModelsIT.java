package io.trainyard.tracking.adapters.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trainyard.testsupport.PythonEnv;
import io.trainyard.tracking.domain.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real TorchScript models, made by the project's PyTorch, run by DJL's libtorch. */
class DjlModelsIT {

  static Path slow;
  static Path endless;
  static Path quick;

  @BeforeAll
  static void models() throws Exception {
    Path dir = Files.createTempDirectory("ty-models");
    slow = make(dir, 300_000);
    // Ends, but long after the time limit: libtorch cannot be interrupted, only waited for.
    endless = make(dir, 3_000_000);
    quick = make(dir, 1);
  }

  private static Path make(Path dir, int steps) throws Exception {
    Path file = dir.resolve("model-" + steps + ".pt");
    Path script =
        PythonEnv.repositoryRoot().resolve("tracking-service/src/test/resources/slow_model.py");
    Process p =
        new ProcessBuilder(
                PythonEnv.bin("python").toString(), script.toString(), "" + steps, file.toString())
            .inheritIO()
            .start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0).isTrue();
    return file;
  }

  @Test
  void aModelEvictedWhileAPredictionUsesItAnswersThatPredictionAndIsClosedAfter() throws Exception {
    DjlModels models = new DjlModels(1, Duration.ofSeconds(60), 2);
    try {
      float[] input = new float[64];
      input[0] = 1f;
      CompletableFuture<float[][]> running =
          CompletableFuture.supplyAsync(
              () -> models.run("slow", () -> slow, List.of(64), List.of(input)));
      Thread.sleep(300);
      // Another model takes the one place in the cache while the slow one still answers.
      models.run("quick", () -> quick, List.of(64), List.of(input));

      float[][] out = running.get(60, TimeUnit.SECONDS);
      assertThat(out[0]).hasSize(10);
      assertThat(out[0][0]).isGreaterThan(1f);
    } finally {
      models.destroy();
    }
  }

  @Test
  void aModelThatTakesTooLongIsGivenUpOnAfterTheTimeLimit() throws Exception {
    DjlModels models = new DjlModels(2, Duration.ofSeconds(2), 2);
    try {
      long started = System.nanoTime();
      assertThatThrownBy(
              () -> models.run("endless", () -> endless, List.of(64), List.of(new float[64])))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("did not answer within 2 s");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
      assertThat(models.problem(endless, List.of(64), List.of(10)))
          .hasValueSatisfying(why -> assertThat(why).contains("did not answer"));
    } finally {
      models.destroy();
    }
  }
}
