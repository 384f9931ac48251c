package io.trainyard.gateway.api;

import io.trainyard.gateway.domain.JobStatus;
import io.trainyard.gateway.domain.JobView;
import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A job as the API shows it; field names are part of the public contract. */
record JobResponse(
    String id,
    String owner,
    String environment,
    String template,
    String executor,
    int workers,
    Map<String, Object> hyperparameters,
    @Nullable String codeFile,
    @Nullable String dataFile,
    JobStatus status,
    boolean ended,
    int attempt,
    @Nullable Integer queuePosition,
    @Nullable Progress progress,
    Map<String, Double> metrics,
    @Nullable String reason,
    List<JobView.Attempt> attempts,
    @Nullable String mlflowExperimentId,
    @Nullable String mlflowRunId,
    @Nullable String mlflowRunUrl,
    @Nullable JobView.ModelRef model,
    @Nullable String sweep,
    Instant createdAt,
    Instant updatedAt) {

  record Progress(int epoch, int epochs, long step, int percent) {}

  /** Where MLflow's UI, behind the gateway, shows a run. */
  static @Nullable String runUrl(@Nullable String experimentId, @Nullable String runId) {
    return runId == null || experimentId == null
        ? null
        : "/mlflow/#/experiments/" + experimentId + "/runs/" + runId;
  }

  static JobResponse of(JobView j) {
    JobView.Spec s = j.spec();
    JobView.State st = j.state();
    JobView.Progress p = st.progress();
    String runUrl = runUrl(j.mlflowExperimentId(), j.mlflowRunId());
    return new JobResponse(
        s.id(),
        s.owner(),
        s.environment(),
        s.template(),
        s.executor(),
        s.workers(),
        s.hyperparameters(),
        s.codeFile(),
        s.dataFile(),
        st.status(),
        st.status().ended(),
        st.attempt(),
        st.queuePosition(),
        p == null ? null : new Progress(p.epoch(), p.epochs(), p.step(), p.percent()),
        st.metrics(),
        st.reason(),
        st.attempts(),
        j.mlflowExperimentId(),
        j.mlflowRunId(),
        runUrl,
        j.model(),
        s.sweep(),
        j.createdAt(),
        j.updatedAt());
  }
}
