package io.trainyard.job.domain;

import io.trainyard.contracts.job.Executor;
import io.trainyard.contracts.job.JobSubmitted;
import io.trainyard.contracts.template.HyperparameterCheck;
import io.trainyard.contracts.template.Template;
import io.trainyard.contracts.template.Templates;
import java.util.Optional;

/** Everything about a submission that can be known wrong before it reaches a cluster. */
public class SubmissionCheck {

  public static final java.util.List<String> DJL_TEMPLATES =
      java.util.List.of("digits-mlp", "digits-cnn");

  private final Uploads uploads;
  private final int maxWorkers;

  public SubmissionCheck(Uploads uploads, int maxWorkers) {
    this.uploads = uploads;
    this.maxWorkers = maxWorkers;
  }

  /**
   * Why the event itself cannot be the owner's: it names a file outside the owner's uploads, which
   * only a forged event does (the gateway names the caller's own). Such an event is dead-lettered.
   */
  public Optional<String> forgery(JobSubmitted job) {
    for (var ref : java.util.Arrays.asList(job.code(), job.data())) {
      if (ref != null && !uploads.ownedBy(ref, job.owner())) {
        return Optional.of(
            "'" + ref.uri() + "' is not among the uploads of " + job.owner() + ", the job's owner");
      }
    }
    return Optional.empty();
  }

  public Optional<Rejection> problem(JobSubmitted job, Optional<EnvironmentView> environment) {
    if (job.workers() < 1 || job.workers() > maxWorkers) {
      return reject("workers", "must be between 1 and " + maxWorkers + ", was " + job.workers());
    }
    Optional<Rejection> tooMany = environment.flatMap(env -> fits(job, env));
    if (tooMany.isPresent()) {
      return tooMany;
    }
    if (job.executorOrDefault() == Executor.DJL) {
      return djlProblem(job);
    }
    if (job.template() != null && job.code() != null) {
      return reject("code", "give either a template or code, not both");
    }
    if (job.template() == null && job.code() == null) {
      return reject("template", "give a template or upload code");
    }
    if (job.template() != null) {
      Optional<Template> template = Templates.byId(job.template());
      if (template.isEmpty()) {
        return reject(
            "template",
            "unknown template '"
                + job.template()
                + "' (known: "
                + String.join(", ", Templates.IDS)
                + ")");
      }
      var violations = HyperparameterCheck.violations(template.get(), job.hyperparameters());
      if (!violations.isEmpty()) {
        return reject(violations.get(0).field(), violations.get(0).reason());
      }
    } else {
      Optional<String> code = uploads.codeProblem(job.code());
      if (code.isPresent()) {
        return reject("code", code.get());
      }
    }
    if (job.data() != null) {
      return uploads.dataProblem(job.data()).map(why -> new Rejection("data", why));
    }
    return Optional.empty();
  }

  /** DJL trains the digits templates, in one process, from the shipped TorchScript modules. */
  private static Optional<Rejection> djlProblem(JobSubmitted job) {
    if (job.code() != null || job.data() != null) {
      return reject("executor", "djl trains built-in templates only; uploads need ray");
    }
    if (!DJL_TEMPLATES.contains(job.template())) {
      return reject(
          "template",
          "djl trains " + String.join(" and ", DJL_TEMPLATES) + ", not '" + job.template() + "'");
    }
    if (job.workers() != 1) {
      return reject("workers", "djl trains in one process: 1 worker, not " + job.workers());
    }
    var violations =
        HyperparameterCheck.violations(
            Templates.byId(job.template()).orElseThrow(), job.hyperparameters());
    return violations.isEmpty()
        ? Optional.empty()
        : reject(violations.get(0).field(), violations.get(0).reason());
  }

  /** A job cannot use more workers than its environment has. */
  public Optional<Rejection> fits(JobSubmitted job, EnvironmentView env) {
    if (env.workers() > 0 && job.workers() > env.workers()) {
      return reject(
          "workers",
          "asks for "
              + job.workers()
              + " workers but environment '"
              + env.name()
              + "' has "
              + env.workers());
    }
    return Optional.empty();
  }

  private static Optional<Rejection> reject(String field, String reason) {
    return Optional.of(new Rejection(field, reason));
  }
}
