package io.trainyard.environment.adapters.db;

import io.trainyard.environment.domain.Environment;
import io.trainyard.environment.domain.EnvironmentSpec;
import io.trainyard.environment.domain.EnvironmentStatus;
import io.trainyard.environment.domain.Environments;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcEnvironments implements Environments {

  private static final String COLUMNS =
      "e.owner, e.name, e.workers, e.worker_cpu, e.worker_memory_gi, e.gpus_per_worker, e.status,"
          + " e.reason, e.dashboard_url, e.since, e.last_activity, e.updated_at";

  private final JdbcClient jdbc;

  JdbcEnvironments(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Optional<Environment> find(String owner, String name) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM environments e WHERE owner = ? AND name = ?")
        .params(owner, name)
        .query(JdbcEnvironments::map)
        .optional();
  }

  @Override
  public Optional<Environment> lock(String owner, String name) {
    return jdbc.sql(
            "SELECT " + COLUMNS + " FROM environments e WHERE owner = ? AND name = ? FOR UPDATE")
        .params(owner, name)
        .query(JdbcEnvironments::map)
        .optional();
  }

  @Override
  public void save(Environment e) {
    jdbc.sql(
            "INSERT INTO environments (owner, name, workers, worker_cpu, worker_memory_gi,"
                + " gpus_per_worker, status, reason, dashboard_url, since, last_activity, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (owner, name) DO UPDATE SET"
                + " workers = EXCLUDED.workers, worker_cpu = EXCLUDED.worker_cpu,"
                + " worker_memory_gi = EXCLUDED.worker_memory_gi,"
                + " gpus_per_worker = EXCLUDED.gpus_per_worker, status = EXCLUDED.status,"
                + " reason = EXCLUDED.reason, dashboard_url = EXCLUDED.dashboard_url,"
                + " since = EXCLUDED.since, last_activity = EXCLUDED.last_activity,"
                + " updated_at = EXCLUDED.updated_at")
        .params(
            e.owner(),
            e.name(),
            e.spec().workers(),
            e.spec().workerCpu(),
            e.spec().workerMemoryGi(),
            e.spec().gpusPerWorker(),
            e.status().name(),
            e.reason(),
            e.dashboardUrl(),
            Timestamp.from(e.since()),
            Timestamp.from(e.lastActivity()),
            Timestamp.from(e.updatedAt()))
        .update();
  }

  @Override
  public List<Environment> ofOwner(String owner) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM environments e WHERE owner = ? ORDER BY name")
        .param(owner)
        .query(JdbcEnvironments::map)
        .list();
  }

  @Override
  public List<Environment> active() {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM environments e WHERE status IN"
                + " ('REQUESTED', 'PROVISIONING', 'READY', 'DELETING') ORDER BY updated_at")
        .query(JdbcEnvironments::map)
        .list();
  }

  @Override
  public void rememberJob(String jobId, String owner, String environment) {
    jdbc.sql(
            "INSERT INTO environment_jobs (job_id, owner, environment) VALUES (?, ?, ?)"
                + " ON CONFLICT DO NOTHING")
        .params(jobId, owner, environment)
        .update();
  }

  @Override
  public Optional<Environment> ofJob(String jobId) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM environments e JOIN environment_jobs j"
                + " ON j.owner = e.owner AND j.environment = e.name WHERE j.job_id = ?")
        .param(jobId)
        .query(JdbcEnvironments::map)
        .optional();
  }

  @Override
  public void jobRunning(String jobId, boolean running) {
    jdbc.sql("UPDATE environment_jobs SET running = ? WHERE job_id = ?")
        .params(running, jobId)
        .update();
  }

  @Override
  public boolean hasRunningJobs(String owner, String environment) {
    return jdbc.sql(
                "SELECT count(*) FROM environment_jobs WHERE owner = ? AND environment = ? AND running")
            .params(owner, environment)
            .query(Long.class)
            .single()
        > 0;
  }

  private static Environment map(ResultSet rs, int row) throws SQLException {
    return new Environment(
        rs.getString("owner"),
        rs.getString("name"),
        new EnvironmentSpec(
            rs.getInt("workers"),
            rs.getDouble("worker_cpu"),
            rs.getDouble("worker_memory_gi"),
            rs.getInt("gpus_per_worker")),
        EnvironmentStatus.valueOf(rs.getString("status")),
        rs.getString("reason"),
        rs.getString("dashboard_url"),
        rs.getTimestamp("since").toInstant(),
        rs.getTimestamp("last_activity").toInstant(),
        rs.getTimestamp("updated_at").toInstant());
  }
}
