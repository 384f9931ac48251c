package io.trainyard.tracking.domain;

import io.trainyard.contracts.job.JobSucceeded;
import io.trainyard.contracts.template.Template;
import io.trainyard.contracts.template.Templates;
import io.trainyard.contracts.tracking.ModelRegistered;
import io.trainyard.contracts.tracking.ModelRegistrationFailed;
import io.trainyard.contracts.tracking.TrackingEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a succeeded job's model into a registered version: only a model that loads and answers with
 * the template's output shape is registered; it becomes {@code latest}, and {@code champion} when
 * it beats the current champion on the template's primary metric.
 */
public class ModelRegistration {

  public static final String LATEST = "latest";
  public static final String CHAMPION = "champion";

  private final ModelStore store;
  private final ModelVerifier verifier;
  private final ModelRegistry registry;
  private final ExperimentTracker tracker;

  public ModelRegistration(
      ModelStore store, ModelVerifier verifier, ModelRegistry registry, ExperimentTracker tracker) {
    this.store = store;
    this.verifier = verifier;
    this.registry = registry;
    this.tracker = tracker;
  }

  public static String modelName(String owner, String template) {
    return (owner + "-" + (template == null ? "own-code" : template))
        .toLowerCase()
        .replaceAll("[^a-z0-9._-]+", "-");
  }

  public TrackingEvent register(JobSucceeded job, TrackedRun run, String templateId) {
    try {
      return registerChecked(job, run, templateId);
    } catch (TrackerRejectedException e) {
      return failed(job, "MLflow refused the registration: " + e.getMessage());
    }
  }

  private TrackingEvent registerChecked(JobSucceeded job, TrackedRun run, String templateId) {
    if (!store.hasModel(run)) {
      if (job.modelUri() == null || !job.modelUri().startsWith("file:")) {
        return failed(
            job, "the run has no model at artifact path 'model' and the job named none to upload");
      }
      store.upload(run, job.modelUri());
    }
    Optional<Template> template =
        templateId == null ? Optional.empty() : Templates.byId(templateId);
    Path torchScript = store.downloadTorchScript(run);
    Optional<String> problem =
        verifier.problem(
            torchScript,
            template.map(Template::inputShape).orElse(null),
            template.map(Template::outputShape).orElse(null));
    if (problem.isPresent()) {
      return failed(job, problem.get());
    }
    String name = modelName(job.owner(), templateId);
    int version =
        registry.ensureVersion(
            name,
            job.owner(),
            run,
            Map.of(
                "trainyard.job_id",
                job.jobId(),
                "trainyard.template",
                templateId == null ? "own-code" : templateId));
    List<String> aliases = new ArrayList<>();
    registry.setAlias(name, LATEST, version);
    aliases.add(LATEST);
    if (becomesChampion(name, version, run, template)) {
      registry.setAlias(name, CHAMPION, version);
      aliases.add(CHAMPION);
    }
    return new ModelRegistered(job.jobId(), job.owner(), name, version, aliases);
  }

  private boolean becomesChampion(
      String name, int version, TrackedRun run, Optional<Template> template) {
    Optional<Integer> champion = registry.versionOf(name, CHAMPION);
    if (champion.isEmpty() || champion.get() == version) {
      return true;
    }
    if (template.isEmpty()) {
      return false;
    }
    String metric = template.get().primaryMetric();
    Optional<Double> mine = tracker.latestMetric(run.runId(), metric);
    Optional<Double> theirs =
        tracker.latestMetric(registry.runOf(name, champion.get()).runId(), metric);
    return mine.isPresent()
        && (theirs.isEmpty() || template.get().direction().better(mine.get(), theirs.get()));
  }

  private static TrackingEvent failed(JobSucceeded job, String reason) {
    return new ModelRegistrationFailed(job.jobId(), job.owner(), reason);
  }
}
