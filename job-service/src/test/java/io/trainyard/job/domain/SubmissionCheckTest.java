package io.trainyard.job.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.trainyard.contracts.job.FileRef;
import io.trainyard.contracts.job.JobSubmitted;
import io.trainyard.contracts.job.Resources;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SubmissionCheckTest {

  private final SubmissionCheck check =
      new SubmissionCheck(
          new JobLifecycleTest.NoUploads() {
            @Override
            public Optional<String> codeProblem(FileRef code) {
              return code.filename().endsWith(".py")
                  ? Optional.empty()
                  : Optional.of("'" + code.filename() + "' is not a .py or .zip file");
            }
          },
          8);

  private static JobSubmitted job(String template, FileRef code, Map<String, Object> hp, int n) {
    return new JobSubmitted(
        "j", "ada", "default", template, code, null, hp, n, new Resources(1, 2, 0));
  }

  private Optional<String> field(JobSubmitted job) {
    return check.problem(job, Optional.empty()).map(Rejection::field);
  }

  @Test
  void codeOrDataOutsideTheOwnersUploadsIsAForgery() {
    FileRef own = new FileRef("file:///blobs/ada/1/model.py", "model.py", 10, null);
    FileRef others = new FileRef("file:///blobs/bob/1/model.py", "model.py", 10, null);
    assertThat(check.forgery(job(null, own, Map.of(), 1))).isEmpty();
    assertThat(check.forgery(job(null, others, Map.of(), 1)))
        .get()
        .asString()
        .contains("not among the uploads of ada");
    JobSubmitted foreignData =
        new JobSubmitted(
            "j", "ada", "default", null, own, others, Map.of(), 1, new Resources(1, 2, 0));
    assertThat(check.forgery(foreignData)).isPresent();
  }

  @Test
  void aKnownTemplateWithHyperparametersInRangePasses() {
    assertThat(check.problem(job("digits-mlp", null, Map.of("epochs", 3), 2), Optional.empty()))
        .isEmpty();
  }

  @Test
  void eachWrongPartIsNamed() {
    assertThat(field(job("resnet", null, Map.of(), 2))).contains("template");
    assertThat(field(job("digits-mlp", null, Map.of("epochs", 1000), 2)))
        .contains("hyperparameters.epochs");
    assertThat(field(job("digits-mlp", null, Map.of(), 0))).contains("workers");
    assertThat(field(job("digits-mlp", null, Map.of(), 9))).contains("workers");
    assertThat(field(job(null, null, Map.of(), 1))).contains("template");
    assertThat(field(job(null, new FileRef("file:/x", "model.exe", 1, null), Map.of(), 1)))
        .contains("code");
  }

  @Test
  void moreWorkersThanTheEnvironmentHasIsRefusedWithBothNumbers() {
    var env = new EnvironmentView("ada", "default", true, "http://x", 2);

    Optional<Rejection> problem =
        check.problem(job("digits-mlp", null, Map.of(), 3), Optional.of(env));

    assertThat(problem.get().reason())
        .isEqualTo("asks for 3 workers but environment 'default' has 2");
  }
}
