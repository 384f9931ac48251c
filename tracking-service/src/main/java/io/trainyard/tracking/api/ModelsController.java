package io.trainyard.tracking.api;

import io.trainyard.tracking.domain.InvalidInputException;
import io.trainyard.tracking.domain.ModelServing;
import io.trainyard.tracking.domain.UnknownModelException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Predictions over HTTP: a prediction is a request that needs an answer, so it is not an event. The
 * model runs off the event loop.
 */
@RestController
class ModelsController {

  private final ModelServing serving;

  ModelsController(ModelServing serving) {
    this.serving = serving;
  }

  record PredictRequest(List<List<Object>> inputs) {}

  record PredictResponse(String name, int version, List<float[]> outputs, List<Integer> classes) {}

  @PostMapping("/api/models/{name}/versions/{version}/predict")
  Mono<PredictResponse> predict(
      @PathVariable String name,
      @PathVariable String version,
      @RequestBody PredictRequest request) {
    List<float[]> inputs = flatten(request);
    return Mono.fromCallable(() -> serving.predict(name, version, inputs))
        .subscribeOn(Schedulers.boundedElastic())
        .map(p -> new PredictResponse(p.name(), p.version(), p.outputs(), p.classes()));
  }

  private static List<float[]> flatten(PredictRequest request) {
    if (request == null || request.inputs() == null) {
      throw new InvalidInputException("inputs", "inputs is required: a list of samples");
    }
    List<float[]> samples = new ArrayList<>();
    for (int i = 0; i < request.inputs().size(); i++) {
      List<Float> values = new ArrayList<>();
      collect(request.inputs().get(i), values, "inputs[" + i + "]");
      float[] sample = new float[values.size()];
      for (int k = 0; k < sample.length; k++) {
        sample[k] = values.get(k);
      }
      samples.add(sample);
    }
    return samples;
  }

  private static void collect(Object value, List<Float> into, String field) {
    if (value instanceof Number n) {
      into.add(n.floatValue());
    } else if (value instanceof List<?> list) {
      for (Object item : list) {
        collect(item, into, field);
      }
    } else {
      throw new InvalidInputException(
          field, "only numbers and nested lists of numbers are accepted");
    }
  }

  @ExceptionHandler(InvalidInputException.class)
  ProblemDetail invalid(InvalidInputException e) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    problem.setTitle("Invalid input");
    problem.setType(URI.create("https://trainyard.io/problems/invalid-input"));
    problem.setProperty("field", e.field());
    return problem;
  }

  @ExceptionHandler(io.trainyard.tracking.domain.ModelsBusyException.class)
  ProblemDetail busy(RuntimeException e) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    problem.setTitle("Busy");
    return problem;
  }

  @ExceptionHandler(UnknownModelException.class)
  ProblemDetail unknown(UnknownModelException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    problem.setTitle("No such model");
    problem.setProperties(Map.of("field", "name"));
    return problem;
  }
}
