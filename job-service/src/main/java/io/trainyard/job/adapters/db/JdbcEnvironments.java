package io.trainyard.job.adapters.db;

import io.trainyard.job.domain.EnvironmentView;
import io.trainyard.job.domain.Environments;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcEnvironments implements Environments {

  private final JdbcClient jdbc;

  JdbcEnvironments(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Optional<EnvironmentView> find(String owner, String name) {
    return jdbc.sql("SELECT * FROM environments WHERE owner = ? AND name = ?")
        .params(owner, name)
        .query(JdbcEnvironments::map)
        .optional();
  }

  @Override
  public void save(EnvironmentView env) {
    jdbc.sql(
            "INSERT INTO environments (owner, name, ready, jobs_api_url, workers)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (owner, name) DO UPDATE SET"
                + " ready = EXCLUDED.ready, jobs_api_url = EXCLUDED.jobs_api_url,"
                + " workers = EXCLUDED.workers")
        .params(env.owner(), env.name(), env.ready(), env.jobsApiUrl(), env.workers())
        .update();
  }

  @Override
  public void remove(String owner, String name) {
    jdbc.sql("DELETE FROM environments WHERE owner = ? AND name = ?").params(owner, name).update();
  }

  private static EnvironmentView map(ResultSet rs, int row) throws SQLException {
    return new EnvironmentView(
        rs.getString("owner"),
        rs.getString("name"),
        rs.getBoolean("ready"),
        rs.getString("jobs_api_url"),
        rs.getInt("workers"));
  }
}
