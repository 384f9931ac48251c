package io.trainyard.gateway.adapters.db;

import io.trainyard.gateway.domain.EnvironmentStatus;
import io.trainyard.gateway.domain.EnvironmentView;
import io.trainyard.gateway.domain.JobView;
import io.trainyard.gateway.domain.ModelVersionView;
import io.trainyard.gateway.domain.ReadModel;
import io.trainyard.gateway.domain.SweepView;
import io.trainyard.gateway.domain.Viewer;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcReadModel implements ReadModel {

  private final JdbcClient jdbc;

  JdbcReadModel(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Optional<JobView> job(String id) {
    return jdbc.sql("SELECT doc FROM job_view WHERE id = ?")
        .param(id)
        .query((rs, i) -> Json.read(rs.getString(1), JobView.class))
        .optional();
  }

  @Override
  public Optional<JobView> jobForUpdate(String id) {
    return jdbc.sql("SELECT doc FROM job_view WHERE id = ? FOR UPDATE")
        .param(id)
        .query((rs, i) -> Json.read(rs.getString(1), JobView.class))
        .optional();
  }

  @Override
  public void save(JobView j) {
    jdbc.sql(
            "INSERT INTO job_view (id, owner, environment, status, created_at, updated_at, doc)"
                + " VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb)) ON CONFLICT (id) DO UPDATE SET"
                + " status = EXCLUDED.status, updated_at = EXCLUDED.updated_at, doc = EXCLUDED.doc")
        .params(
            j.id(),
            j.owner(),
            j.spec().environment(),
            j.status().name(),
            Timestamp.from(j.createdAt()),
            Timestamp.from(j.updatedAt()),
            Json.write(j))
        .update();
  }

  @Override
  public void accepted(JobView j) {
    jdbc.sql(
            "INSERT INTO job_view (id, owner, environment, status, created_at, updated_at, doc)"
                + " VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb)) ON CONFLICT (id) DO NOTHING")
        .params(
            j.id(),
            j.owner(),
            j.spec().environment(),
            j.status().name(),
            Timestamp.from(j.createdAt()),
            Timestamp.from(j.updatedAt()),
            Json.write(j))
        .update();
  }

  @Override
  public Optional<SweepView> sweep(String id) {
    return jdbc.sql("SELECT doc FROM sweep_view WHERE id = ?")
        .param(id)
        .query((rs, i) -> Json.read(rs.getString(1), SweepView.class))
        .optional();
  }

  @Override
  public Optional<SweepView> sweepForUpdate(String id) {
    return jdbc.sql("SELECT doc FROM sweep_view WHERE id = ? FOR UPDATE")
        .param(id)
        .query((rs, i) -> Json.read(rs.getString(1), SweepView.class))
        .optional();
  }

  @Override
  public void save(SweepView s) {
    writeSweep(
        s,
        " ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status,"
            + " updated_at = EXCLUDED.updated_at, doc = EXCLUDED.doc");
  }

  @Override
  public void accepted(SweepView s) {
    writeSweep(s, " ON CONFLICT (id) DO NOTHING");
  }

  private void writeSweep(SweepView s, String onConflict) {
    jdbc.sql(
            "INSERT INTO sweep_view (id, owner, status, created_at, updated_at, doc)"
                + " VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb))"
                + onConflict)
        .params(
            s.id(),
            s.owner(),
            s.status().name(),
            Timestamp.from(s.createdAt()),
            Timestamp.from(s.updatedAt()),
            Json.write(s))
        .update();
  }

  @Override
  public List<SweepView> sweeps(Viewer viewer, int limit) {
    String where = viewer.admin() ? "" : " WHERE owner = ?";
    List<Object> params = new ArrayList<>();
    if (!viewer.admin()) {
      params.add(viewer.username());
    }
    params.add(limit);
    return jdbc.sql(
            "SELECT doc FROM sweep_view" + where + " ORDER BY created_at DESC, id DESC LIMIT ?")
        .params(params)
        .query((rs, i) -> Json.read(rs.getString(1), SweepView.class))
        .list();
  }

  @Override
  public List<JobView> endedWithUploads(Instant before, int limit) {
    return jdbc.sql(
            "SELECT doc FROM job_view WHERE status IN ("
                + sqlList(
                    io.trainyard.gateway.domain.JobStatus.values(),
                    io.trainyard.gateway.domain.JobStatus::ended)
                + ") AND updated_at < ?"
                + " AND jsonb_array_length(coalesce(doc->'spec'->'uploads', '[]'::jsonb)) > 0"
                // a trial's files are its sweep's, which later trials still need
                + " AND NOT EXISTS (SELECT 1 FROM sweep_view s WHERE s.id = job_view.doc->'spec'->>'sweep'"
                + " AND s.status NOT IN ("
                + sqlList(
                    io.trainyard.gateway.domain.SweepStatus.values(),
                    io.trainyard.gateway.domain.SweepStatus::ended)
                + "))"
                + " ORDER BY updated_at LIMIT ?")
        .params(Timestamp.from(before), limit)
        .query((rs, i) -> Json.read(rs.getString(1), JobView.class))
        .list();
  }

  @Override
  public List<SweepView> endedSweepsWithUploads(Instant before, int limit) {
    return jdbc.sql(
            "SELECT doc FROM sweep_view WHERE status IN ("
                + sqlList(
                    io.trainyard.gateway.domain.SweepStatus.values(),
                    io.trainyard.gateway.domain.SweepStatus::ended)
                + ") AND updated_at < ?"
                + " AND jsonb_array_length(coalesce(doc->'spec'->'uploads', '[]'::jsonb)) > 0"
                + " ORDER BY updated_at LIMIT ?")
        .params(Timestamp.from(before), limit)
        .query((rs, i) -> Json.read(rs.getString(1), SweepView.class))
        .list();
  }

  @Override
  public List<JobView> jobs(JobQuery q) {
    StringBuilder sql = new StringBuilder("SELECT doc FROM job_view WHERE true");
    List<Object> params = new ArrayList<>();
    if (!q.viewer().admin()) {
      sql.append(" AND owner = ?");
      params.add(q.viewer().username());
    }
    q.status()
        .ifPresent(
            s -> {
              sql.append(" AND status = ?");
              params.add(s.name());
            });
    q.environment()
        .ifPresent(
            e -> {
              sql.append(" AND environment = ?");
              params.add(e);
            });
    q.sweep()
        .ifPresent(
            w -> {
              sql.append(" AND doc->'spec'->>'sweep' = ?");
              params.add(w);
            });
    q.after()
        .ifPresent(
            c -> {
              sql.append(" AND (created_at, id) < (?, ?)");
              params.add(Timestamp.from(c.createdAt()));
              params.add(c.id());
            });
    sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
    params.add(q.limit());
    return jdbc.sql(sql.toString())
        .params(params)
        .query((rs, i) -> Json.read(rs.getString(1), JobView.class))
        .list();
  }

  @Override
  public Optional<EnvironmentView> environment(String owner, String name) {
    return jdbc.sql("SELECT doc FROM environment_view WHERE owner = ? AND name = ?")
        .params(owner, name)
        .query((rs, i) -> Json.read(rs.getString(1), EnvironmentView.class))
        .optional();
  }

  @Override
  public void save(EnvironmentView e) {
    upsert(e, "");
  }

  @Override
  public void requested(EnvironmentView e) {
    upsert(
        e,
        " WHERE environment_view.status IN ("
            + sqlList(EnvironmentStatus.values(), EnvironmentStatus::gone)
            + ")");
  }

  /** Writes the environment's row, over an existing one only where {@code onlyOver} holds. */
  private void upsert(EnvironmentView e, String onlyOver) {
    jdbc.sql(
            "INSERT INTO environment_view (owner, name, status, created_at, doc)"
                + " VALUES (?, ?, ?, ?, CAST(? AS jsonb)) ON CONFLICT (owner, name) DO UPDATE SET"
                + " status = EXCLUDED.status, created_at = EXCLUDED.created_at, doc = EXCLUDED.doc"
                + onlyOver)
        .params(
            e.owner(), e.name(), e.status().name(), Timestamp.from(e.createdAt()), Json.write(e))
        .update();
  }

  /** The names of the statuses that {@code which} picks, as a SQL list of string literals. */
  private static <E extends Enum<E>> String sqlList(E[] statuses, Predicate<E> which) {
    return Arrays.stream(statuses)
        .filter(which)
        .map(st -> "'" + st.name() + "'")
        .collect(Collectors.joining(", "));
  }

  @Override
  public List<EnvironmentView> environments(Viewer viewer) {
    String where = viewer.admin() ? "true" : "owner = ?";
    List<Object> params = viewer.admin() ? List.of() : List.of(viewer.username());
    return jdbc.sql(
            "SELECT doc FROM environment_view WHERE "
                + where
                + " AND status <> 'DELETED'"
                + " ORDER BY owner, name")
        .params(params)
        .query((rs, i) -> Json.read(rs.getString(1), EnvironmentView.class))
        .list();
  }

  @Override
  public void save(ModelVersionView v) {
    String[] aliases = v.aliases().toArray(String[]::new);
    jdbc.sql(
            "UPDATE model_version_view SET aliases = ARRAY(SELECT unnest(aliases) EXCEPT"
                + " SELECT unnest(CAST(? AS text[]))) WHERE name = ? AND version <> ?")
        .params(aliases, v.name(), v.version())
        .update();
    jdbc.sql(
            "INSERT INTO model_version_view (name, version, owner, job_id, aliases, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name, version) DO UPDATE SET"
                + " aliases = EXCLUDED.aliases")
        .params(v.name(), v.version(), v.owner(), v.jobId(), aliases, Timestamp.from(v.createdAt()))
        .update();
  }

  @Override
  public List<ModelVersionView> modelVersions(Viewer viewer, Optional<String> name) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT name, version, owner, job_id, aliases, created_at FROM model_version_view"
                + " WHERE true");
    List<Object> params = new ArrayList<>();
    if (!viewer.admin()) {
      sql.append(" AND owner = ?");
      params.add(viewer.username());
    }
    name.ifPresent(
        n -> {
          sql.append(" AND name = ?");
          params.add(n);
        });
    sql.append(" ORDER BY name, version DESC");
    return jdbc.sql(sql.toString()).params(params).query(JdbcReadModel::version).list();
  }

  @Override
  public void appendLogs(String jobId, int attempt, long firstLine, List<String> lines) {
    if (lines.isEmpty()) {
      return;
    }
    long[] numbers = new long[lines.size()];
    for (int i = 0; i < numbers.length; i++) {
      numbers[i] = firstLine + i;
    }
    jdbc.sql(
            "INSERT INTO job_log_line (job_id, attempt, line_no, text)"
                + " SELECT ?, ?, n, t FROM unnest(CAST(? AS bigint[]), CAST(? AS text[])) AS l(n, t)"
                + " ON CONFLICT DO NOTHING")
        .params(
            jobId,
            attempt,
            Arrays.stream(numbers).boxed().toArray(Long[]::new),
            lines.toArray(String[]::new))
        .update();
  }

  @Override
  public List<LogLine> logs(String jobId, int afterAttempt, long afterLine, int limit) {
    return jdbc.sql(
            "SELECT attempt, line_no, text FROM job_log_line WHERE job_id = ?"
                + " AND (attempt, line_no) > (?, ?) ORDER BY attempt, line_no LIMIT ?")
        .params(jobId, afterAttempt, afterLine, limit)
        .query((rs, i) -> new LogLine(rs.getInt(1), rs.getLong(2), rs.getString(3)))
        .list();
  }

  private static ModelVersionView version(ResultSet rs, int row) throws SQLException {
    Array aliases = rs.getArray("aliases");
    return new ModelVersionView(
        rs.getString("name"),
        rs.getInt("version"),
        rs.getString("owner"),
        rs.getString("job_id"),
        List.of((String[]) aliases.getArray()),
        rs.getTimestamp("created_at").toInstant());
  }
}
