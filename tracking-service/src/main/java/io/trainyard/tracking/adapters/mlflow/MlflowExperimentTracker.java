package io.trainyard.tracking.adapters.mlflow;

import io.trainyard.tracking.config.MlflowProperties;
import io.trainyard.tracking.domain.ExperimentTracker;
import io.trainyard.tracking.domain.MetricPoint;
import io.trainyard.tracking.domain.RunSpec;
import io.trainyard.tracking.domain.RunStatus;
import io.trainyard.tracking.domain.RunTracking;
import io.trainyard.tracking.domain.TrackedRun;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mlflow.api.proto.Service.CreateRun;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * MLflow through its Java client. The client is blocking and has no timeouts of its own, so each
 * call runs on a worker thread and is abandoned after the configured timeout: a hung MLflow then
 * reads as "down" and the event is retried later.
 */
@Component
class MlflowExperimentTracker implements ExperimentTracker, DisposableBean {

  private final MlflowClient client;
  private final MlflowProperties properties;
  private final MlflowOwnership ownership;
  private final Clock clock;
  private final ExecutorService calls = Executors.newCachedThreadPool();

  MlflowExperimentTracker(MlflowProperties properties, MlflowOwnership ownership, Clock clock) {
    this.client =
        new MlflowClient(
            new BasicMlflowHostCreds(
                properties.url().toString(),
                properties.adminUsername(),
                properties.adminPassword()));
    this.properties = properties;
    this.ownership = ownership;
    this.clock = clock;
  }

  @Override
  public String ensureExperiment(String owner) {
    return ownership.ensureExperiment(properties.experimentPrefix() + owner, owner);
  }

  @Override
  public TrackedRun ensureRun(String experimentId, RunSpec spec) {
    return call(
        () -> {
          String filter = "tags.`" + RunTracking.JOB_ID_TAG + "` = '" + escape(spec.jobId()) + "'";
          List<RunInfo> found = client.searchRuns(List.of(experimentId), filter);
          String runId;
          if (!found.isEmpty()) {
            runId = found.get(0).getRunId();
          } else {
            CreateRun.Builder create =
                CreateRun.newBuilder()
                    .setExperimentId(experimentId)
                    .setRunName(spec.runName())
                    .setStartTime(clock.millis());
            spec.tags()
                .forEach((k, v) -> create.addTags(RunTag.newBuilder().setKey(k).setValue(v)));
            runId = client.createRun(create.build()).getRunId();
          }
          // Params are write-once; logging the same values again after a crash is accepted.
          List<Param> params =
              spec.params().entrySet().stream()
                  .map(e -> Param.newBuilder().setKey(e.getKey()).setValue(e.getValue()).build())
                  .toList();
          List<RunTag> tags =
              spec.tags().entrySet().stream()
                  .map(e -> RunTag.newBuilder().setKey(e.getKey()).setValue(e.getValue()).build())
                  .toList();
          client.logBatch(runId, List.of(), params, found.isEmpty() ? List.of() : tags);
          return new TrackedRun(experimentId, runId);
        });
  }

  @Override
  public void logMetrics(String runId, List<MetricPoint> points) {
    List<Metric> metrics =
        points.stream()
            .map(
                p ->
                    Metric.newBuilder()
                        .setKey(p.key())
                        .setValue(p.value())
                        .setTimestamp(p.timestampMillis())
                        .setStep(p.step())
                        .build())
            .toList();
    // log-batch takes at most 1000 metrics a call.
    for (int i = 0; i < metrics.size(); i += 1000) {
      List<Metric> batch = metrics.subList(i, Math.min(metrics.size(), i + 1000));
      call(
          () -> {
            client.logBatch(runId, batch, List.of(), List.of());
            return null;
          });
    }
  }

  @Override
  public void setTags(String runId, Map<String, String> tags) {
    List<RunTag> list =
        tags.entrySet().stream()
            .map(e -> RunTag.newBuilder().setKey(e.getKey()).setValue(e.getValue()).build())
            .toList();
    call(
        () -> {
          client.logBatch(runId, List.of(), List.of(), list);
          return null;
        });
  }

  @Override
  public void setStatus(String runId, RunStatus status, long endTimeMillis) {
    call(
        () -> {
          client.setTerminated(
              runId, org.mlflow.api.proto.Service.RunStatus.valueOf(status.name()), endTimeMillis);
          return null;
        });
  }

  @Override
  public Optional<Double> latestMetric(String runId, String key) {
    return call(
        () ->
            client.getMetricHistory(runId, key).stream()
                .max(
                    Comparator.comparingLong(Metric::getTimestamp)
                        .thenComparingLong(Metric::getStep))
                .map(Metric::getValue));
  }

  @Override
  public MetricHistory history(String runId, String key, long timestampMillis) {
    return call(
        () -> {
          List<Metric> all = client.getMetricHistory(runId, key);
          long maxStep = all.stream().mapToLong(Metric::getStep).max().orElse(-1);
          boolean at = all.stream().anyMatch(m -> m.getTimestamp() == timestampMillis);
          return new MetricHistory(maxStep, at);
        });
  }

  @Override
  public Optional<String> tag(String runId, String key) {
    return call(
        () ->
            client.getRun(runId).getData().getTagsList().stream()
                .filter(t -> t.getKey().equals(key))
                .map(RunTag::getValue)
                .findFirst());
  }

  @Override
  public RunStatus status(String runId) {
    String status = call(() -> client.getRun(runId).getInfo().getStatus().name());
    return switch (status) {
      case "FINISHED" -> RunStatus.FINISHED;
      case "FAILED" -> RunStatus.FAILED;
      case "KILLED" -> RunStatus.KILLED;
      default -> RunStatus.RUNNING;
    };
  }

  private <T> T call(Callable<T> work) {
    Future<T> result = calls.submit(work);
    try {
      return result.get(properties.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      result.cancel(true);
      throw new MlflowUnavailableException("MLflow did not answer in " + properties.timeout(), e);
    } catch (ExecutionException e) {
      throw new MlflowUnavailableException("MLflow call failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MlflowUnavailableException("interrupted", e);
    }
  }

  private static String escape(String value) {
    return value.replace("'", "\\'");
  }

  @Override
  public void destroy() {
    calls.shutdownNow();
    client.close();
  }

  public static class MlflowUnavailableException
      extends io.trainyard.platform.kafka.DownstreamUnavailableException {
    public MlflowUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
