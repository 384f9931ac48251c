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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcJobs implements Jobs {

  private static final ObjectMapper JSON = CloudEventCodec.mapper();
  private static final TypeReference<Map<String, Double>> METRICS = new TypeReference<>() {};
  private static final TypeReference<List<String>> LINES = new TypeReference<>() {};
  private static final String COLUMNS =
      "id, owner, environment, template, workers, spec, status, attempt, mlflow_run_id,"
          + " ray_submission_id, cancel_requested, log_lines, last_step, metrics, queue_position,"
          + " reason, unreachable_since, submitted_at, updated_at, log_tail, previous_submission_id,"
          + " pause_at, resumes";

  /** The statuses a job may still leave, as SQL: the enum says which, not this file. */
  private static final String UNFINISHED =
      Arrays.stream(JobStatus.values())
          .filter(s -> !s.terminal())
          .map(s -> "'" + s.name() + "'")
          .collect(Collectors.joining(", "));

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
                + ") VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?,"
                + " ?::jsonb, ?, ?, ?)"
                + " ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status,"
                + " attempt = EXCLUDED.attempt, mlflow_run_id = EXCLUDED.mlflow_run_id,"
                + " ray_submission_id = EXCLUDED.ray_submission_id,"
                + " cancel_requested = EXCLUDED.cancel_requested, log_lines = EXCLUDED.log_lines,"
                + " last_step = EXCLUDED.last_step, metrics = EXCLUDED.metrics,"
                + " queue_position = EXCLUDED.queue_position, reason = EXCLUDED.reason,"
                + " unreachable_since = EXCLUDED.unreachable_since,"
                + " updated_at = EXCLUDED.updated_at, log_tail = EXCLUDED.log_tail,"
                + " previous_submission_id = EXCLUDED.previous_submission_id,"
                + " pause_at = EXCLUDED.pause_at, resumes = EXCLUDED.resumes")
        .params(
            job.id(),
            job.owner(),
            job.environment(),
            job.template(),
            job.workers(),
            json(job.spec()),
            job.status().name(),
            job.attempt().number(),
            job.mlflowRunId(),
            job.attempt().submissionId(),
            job.state().cancelRequested(),
            job.attempt().logLines(),
            job.attempt().lastStep(),
            json(job.attempt().metrics()),
            job.state().queuePosition(),
            job.state().reason(),
            job.attempt().unreachableSince() == null
                ? null
                : Timestamp.from(job.attempt().unreachableSince()),
            Timestamp.from(job.submittedAt()),
            Timestamp.from(job.updatedAt()),
            json(job.attempt().tail()),
            job.attempt().previous(),
            job.attempt().pauseAt(),
            job.attempt().resumes())
        .update();
  }

  @Override
  public List<Job> unfinishedIn(String owner, String environment) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM jobs WHERE owner = ? AND environment = ?"
                + " AND status IN ("
                + UNFINISHED
                + ")"
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
          JSON.readValue(rs.getString("spec"), JobSubmitted.class),
          new Job.State(
              JobStatus.valueOf(rs.getString("status")),
              rs.getString("reason"),
              rs.getInt("queue_position"),
              rs.getBoolean("cancel_requested")),
          new Job.Attempt(
              rs.getInt("attempt"),
              rs.getString("ray_submission_id"),
              rs.getLong("log_lines"),
              rs.getLong("last_step"),
              JSON.readValue(rs.getString("metrics"), METRICS),
              JSON.readValue(rs.getString("log_tail"), LINES),
              unreachable == null ? null : unreachable.toInstant(),
              rs.getString("previous_submission_id"),
              rs.getObject("pause_at", Integer.class),
              rs.getInt("resumes")),
          rs.getString("mlflow_run_id"),
          rs.getTimestamp("submitted_at").toInstant(),
          rs.getTimestamp("updated_at").toInstant());
    } catch (JsonProcessingException e) {
      throw new SQLException("unreadable job row " + rs.getString("id"), e);
    }
  }
}
