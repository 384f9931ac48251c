package io.trainyard.job.adapters.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.contracts.codec.CloudEventCodec;
import io.trainyard.contracts.job.JobSubmitted;
import io.trainyard.job.domain.Job;
import io.trainyard.job.domain.JobStatus;
import io.trainyard.job.domain.Jobs;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcJobs implements Jobs {

  private static final ObjectMapper JSON = CloudEventCodec.mapper();
  private static final TypeReference<Map<String, Double>> METRICS = new TypeReference<>() {};
  private static final String COLUMNS =
      "id, owner, environment, template, workers, spec, status, attempt, mlflow_run_id,"
          + " ray_submission_id, cancel_requested, log_lines, last_step, metrics, queue_position,"
          + " reason, unreachable_since, submitted_at, updated_at";

  private final JdbcClient jdbc;

  JdbcJobs(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Optional<Job> find(String id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM jobs WHERE id = ?")
        .param(id)
        .query(JdbcJobs::map)
        .optional();
  }

  @Override
  public Optional<Job> lock(String id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM jobs WHERE id = ? FOR UPDATE")
        .param(id)
        .query(JdbcJobs::map)
        .optional();
  }

  @Override
  public void save(Job job) {
    jdbc.sql(
            "INSERT INTO jobs ("
                + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status,"
                + " attempt = EXCLUDED.attempt, mlflow_run_id = EXCLUDED.mlflow_run_id,"
                + " ray_submission_id = EXCLUDED.ray_submission_id,"
                + " cancel_requested = EXCLUDED.cancel_requested, log_lines = EXCLUDED.log_lines,"
                + " last_step = EXCLUDED.last_step, metrics = EXCLUDED.metrics,"
                + " queue_position = EXCLUDED.queue_position, reason = EXCLUDED.reason,"
                + " unreachable_since = EXCLUDED.unreachable_since,"
                + " updated_at = EXCLUDED.updated_at")
        .params(
            job.id(),
            job.owner(),
            job.environment(),
            job.template(),
            job.workers(),
            json(job.spec()),
            job.status().name(),
            job.attempt(),
            job.mlflowRunId(),
            job.raySubmissionId(),
            job.cancelRequested(),
            job.logLines(),
            job.lastStep(),
            json(job.metrics()),
            job.queuePosition(),
            job.reason(),
            job.unreachableSince() == null ? null : Timestamp.from(job.unreachableSince()),
            Timestamp.from(job.submittedAt()),
            Timestamp.from(job.updatedAt()))
        .update();
  }

  @Override
  public List<Job> unfinishedIn(String owner, String environment) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM jobs WHERE owner = ? AND environment = ?"
                + " AND status IN ('SUBMITTED', 'QUEUED', 'STARTING', 'RUNNING')"
                + " ORDER BY submitted_at, id")
        .params(owner, environment)
        .query(JdbcJobs::map)
        .list();
  }

  @Override
  public List<Job> active() {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM jobs WHERE status IN ('QUEUED', 'STARTING', 'RUNNING')"
                + " ORDER BY submitted_at, id")
        .query(JdbcJobs::map)
        .list();
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Job map(ResultSet rs, int row) throws SQLException {
    try {
      Timestamp unreachable = rs.getTimestamp("unreachable_since");
      return new Job(
          rs.getString("id"),
          rs.getString("owner"),
          rs.getString("environment"),
          JSON.readValue(rs.getString("spec"), JobSubmitted.class),
          JobStatus.valueOf(rs.getString("status")),
          rs.getInt("attempt"),
          rs.getString("mlflow_run_id"),
          rs.getString("ray_submission_id"),
          rs.getBoolean("cancel_requested"),
          rs.getLong("log_lines"),
          rs.getLong("last_step"),
          JSON.readValue(rs.getString("metrics"), METRICS),
          rs.getInt("queue_position"),
          rs.getString("reason"),
          unreachable == null ? null : unreachable.toInstant(),
          rs.getTimestamp("submitted_at").toInstant(),
          rs.getTimestamp("updated_at").toInstant());
    } catch (JsonProcessingException e) {
      throw new SQLException("unreadable job row " + rs.getString("id"), e);
    }
  }
}
