package io.trainyard.cli.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.trainyard.cli.ExitCode;
import org.junit.jupiter.api.Test;

class ApiProblemTest {

  @Test
  void aProblemDocumentReadsAsItsTitleAndEachFieldWithItsReason() throws Exception {
    String body =
        """
        {"type":"about:blank","title":"Invalid request","status":400,
         "detail":"hyperparameters.learningRate: must be at most 1; workers: at most 2",
         "field":"hyperparameters.learningRate",
         "errors":[{"field":"hyperparameters.learningRate","reason":"must be at most 1"},
                   {"field":"workers","reason":"at most 2"}]}
        """;
    ApiProblem p = ApiProblem.of(400, Api.JSON.readTree(body), body);

    assertThat(p.getMessage()).isEqualTo("Invalid request (400)");
    assertThat(p.lines())
        .containsExactly("hyperparameters.learningRate: must be at most 1", "workers: at most 2");
    assertThat(p.exitCode()).isEqualTo(ExitCode.REFUSED);
  }

  @Test
  void aProblemWithoutFieldsSaysItsDetail() throws Exception {
    String body = "{\"title\":\"Not found\",\"status\":404,\"detail\":\"job 9 does not exist\"}";
    ApiProblem p = ApiProblem.of(404, Api.JSON.readTree(body), body);

    assertThat(p.getMessage()).isEqualTo("Not found: job 9 does not exist");
    assertThat(p.lines()).isEmpty();
  }

  @Test
  void aServerErrorThatIsNoProblemDocumentStillSaysItsStatusAndMeansUnavailable() {
    ApiProblem p = ApiProblem.of(502, null, "<html>Bad Gateway</html>");

    assertThat(p.getMessage()).isEqualTo("HTTP 502: <html>Bad Gateway</html>");
    assertThat(p.exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
  }
}
