package io.trainyard.job.adapters.db;

import io.trainyard.job.domain.Job;
import io.trainyard.job.domain.JobStatus;
import io.trainyard.job.domain.Jobs;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcJobs implements Jobs {

  private static final String COLUMNS =
      "id, owner, environment, template, workers, status, attempt, mlflow_run_id, reason,"
          + " submitted_at, updated_at";

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
  public void save(Job job) {
    jdbc.sql(
            "INSERT INTO jobs ("
                + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                + " status = EXCLUDED.status, attempt = EXCLUDED.attempt,"
                + " mlflow_run_id = EXCLUDED.mlflow_run_id, reason = EXCLUDED.reason,"
                + " updated_at = EXCLUDED.updated_at")
        .params(
            job.id(),
            job.owner(),
            job.environment(),
            job.template(),
            job.workers(),
            job.status().name(),
            job.attempt(),
            job.mlflowRunId(),
            job.reason(),
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
                + " AND status NOT IN ('SUCCEEDED', 'FAILED', 'CANCELLED') ORDER BY submitted_at")
        .params(owner, environment)
        .query(JdbcJobs::map)
        .list();
  }

  private static Job map(ResultSet rs, int row) throws SQLException {
    return new Job(
        rs.getString("id"),
        rs.getString("owner"),
        rs.getString("environment"),
        rs.getString("template"),
        rs.getInt("workers"),
        JobStatus.valueOf(rs.getString("status")),
        rs.getInt("attempt"),
        rs.getString("mlflow_run_id"),
        rs.getString("reason"),
        rs.getTimestamp("submitted_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant());
  }
}
