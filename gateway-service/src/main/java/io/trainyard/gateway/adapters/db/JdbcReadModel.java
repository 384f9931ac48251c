package io.trainyard.gateway.adapters.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.trainyard.contracts.codec.CloudEventCodec;
import io.trainyard.gateway.domain.EnvironmentView;
import io.trainyard.gateway.domain.JobView;
import io.trainyard.gateway.domain.ReadModel;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcReadModel implements ReadModel {

  private static final String JOB_COLUMNS =
      "id, owner, environment, template, status, attempt, queue_position, metrics, mlflow_run_id,"
          + " model_name, model_version, reason, created_at, updated_at";
  private static final String ENV_COLUMNS =
      "owner, name, status, reason, workers, dashboard_url, created_at, updated_at";

  private final JdbcClient jdbc;

  JdbcReadModel(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Optional<JobView> job(String id) {
    return jdbc.sql("SELECT " + JOB_COLUMNS + " FROM job_view WHERE id = ?")
        .param(id)
        .query(JdbcReadModel::job)
        .optional();
  }

  @Override
  public void save(JobView j) {
    jdbc.sql(
            "INSERT INTO job_view ("
                + JOB_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status,"
                + " attempt = EXCLUDED.attempt, queue_position = EXCLUDED.queue_position,"
                + " metrics = EXCLUDED.metrics, mlflow_run_id = EXCLUDED.mlflow_run_id,"
                + " model_name = EXCLUDED.model_name, model_version = EXCLUDED.model_version,"
                + " reason = EXCLUDED.reason, updated_at = EXCLUDED.updated_at")
        .params(
            j.id(),
            j.owner(),
            j.environment(),
            j.template(),
            j.status(),
            j.attempt(),
            j.queuePosition(),
            json(j.metrics()),
            j.mlflowRunId(),
            j.modelName(),
            j.modelVersion(),
            j.reason(),
            Timestamp.from(j.createdAt()),
            Timestamp.from(j.updatedAt()))
        .update();
  }

  @Override
  public Optional<EnvironmentView> environment(String owner, String name) {
    return jdbc.sql("SELECT " + ENV_COLUMNS + " FROM environment_view WHERE owner = ? AND name = ?")
        .params(owner, name)
        .query(JdbcReadModel::environment)
        .optional();
  }

  @Override
  public void save(EnvironmentView e) {
    jdbc.sql(
            "INSERT INTO environment_view ("
                + ENV_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (owner, name) DO UPDATE SET"
                + " status = EXCLUDED.status, reason = EXCLUDED.reason,"
                + " workers = EXCLUDED.workers, dashboard_url = EXCLUDED.dashboard_url,"
                + " updated_at = EXCLUDED.updated_at")
        .params(
            e.owner(),
            e.name(),
            e.status(),
            e.reason(),
            e.workers(),
            e.dashboardUrl(),
            Timestamp.from(e.createdAt()),
            Timestamp.from(e.updatedAt()))
        .update();
  }

  @Override
  public void appendLogs(String jobId, int attempt, long firstLine, List<String> lines) {
    for (int i = 0; i < lines.size(); i++) {
      jdbc.sql(
              "INSERT INTO job_log_line (job_id, attempt, line_no, text) VALUES (?, ?, ?, ?)"
                  + " ON CONFLICT DO NOTHING")
          .params(jobId, attempt, firstLine + i, lines.get(i))
          .update();
    }
  }

  private static JobView job(ResultSet rs, int row) throws SQLException {
    return new JobView(
        rs.getString("id"),
        rs.getString("owner"),
        rs.getString("environment"),
        rs.getString("template"),
        rs.getString("status"),
        rs.getInt("attempt"),
        (Integer) rs.getObject("queue_position"),
        metrics(rs.getString("metrics")),
        rs.getString("mlflow_run_id"),
        rs.getString("model_name"),
        (Integer) rs.getObject("model_version"),
        rs.getString("reason"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant());
  }

  private static EnvironmentView environment(ResultSet rs, int row) throws SQLException {
    return new EnvironmentView(
        rs.getString("owner"),
        rs.getString("name"),
        rs.getString("status"),
        rs.getString("reason"),
        rs.getInt("workers"),
        rs.getString("dashboard_url"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant());
  }

  private static String json(Map<String, Double> metrics) {
    try {
      return CloudEventCodec.mapper().writeValueAsString(metrics);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static Map<String, Double> metrics(String json) {
    try {
      return CloudEventCodec.mapper().readValue(json, new TypeReference<>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
