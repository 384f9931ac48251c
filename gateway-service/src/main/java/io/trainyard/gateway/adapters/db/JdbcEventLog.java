package io.trainyard.gateway.adapters.db;

import io.trainyard.gateway.domain.EventLog;
import io.trainyard.gateway.domain.StoredEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The numbered stream in PostgreSQL. Appenders take one advisory lock until they commit, so numbers
 * become visible in order; commits are announced with NOTIFY, which reaches every gateway replica.
 */
@Repository
class JdbcEventLog implements EventLog {

  private static final long APPEND_LOCK = 0x7573_6572_6576_656eL;
  private static final String CHANNEL = "trainyard_user_events";

  private final JdbcClient jdbc;
  private final DataSource dataSource;
  private final Clock clock;
  private Connection listening;

  JdbcEventLog(JdbcClient jdbc, DataSource dataSource, Clock clock) {
    this.jdbc = jdbc;
    this.dataSource = dataSource;
    this.clock = clock;
  }

  @Override
  public void append(
      String owner, String jobId, String environment, String sweepId, String type, String data) {
    jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(APPEND_LOCK).query(Object.class).single();
    jdbc.sql(
            "INSERT INTO user_event (owner, job_id, environment, sweep_id, type, data, at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")
        .params(owner, jobId, environment, sweepId, type, data, Timestamp.from(clock.instant()))
        .update();
    jdbc.sql("SELECT pg_notify(?, '')").param(CHANNEL).query(Object.class).single();
  }

  @Override
  public List<StoredEvent> after(
      long seq,
      Optional<String> owner,
      Optional<String> jobId,
      Optional<String> sweepId,
      int limit) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT seq, owner, job_id, environment, sweep_id, type, data, at FROM user_event"
                + " WHERE seq > ?");
    List<Object> params = new ArrayList<>(List.of(seq));
    owner.ifPresent(
        o -> {
          sql.append(" AND owner = ?");
          params.add(o);
        });
    jobId.ifPresent(
        j -> {
          sql.append(" AND job_id = ?");
          params.add(j);
        });
    sweepId.ifPresent(
        s -> {
          sql.append(" AND sweep_id = ?");
          params.add(s);
        });
    sql.append(" ORDER BY seq LIMIT ?");
    params.add(limit);
    return jdbc.sql(sql.toString())
        .params(params)
        .query(
            (rs, i) ->
                new StoredEvent(
                    rs.getLong(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getString(6),
                    rs.getString(7),
                    rs.getTimestamp(8).toInstant()))
        .list();
  }

  @Override
  public long head() {
    return jdbc.sql("SELECT coalesce(max(seq), 0) FROM user_event").query(Long.class).single();
  }

  @Override
  public void awaitAppend(Duration timeout) throws InterruptedException {
    try {
      PGNotification[] got = listener().getNotifications((int) Math.max(1, timeout.toMillis()));
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      if (got == null) {
        return;
      }
    } catch (SQLException e) {
      closeListener();
      Thread.sleep(Math.min(timeout.toMillis(), 1000));
    }
  }

  private synchronized PGConnection listener() throws SQLException {
    if (listening == null || listening.isClosed()) {
      listening = dataSource.getConnection();
      listening.setAutoCommit(true);
      try (Statement s = listening.createStatement()) {
        s.execute("LISTEN " + CHANNEL);
      }
    }
    return listening.unwrap(PGConnection.class);
  }

  private synchronized void closeListener() {
    try {
      if (listening != null) {
        listening.close();
      }
    } catch (SQLException ignored) {
      // the connection is already broken; a new one is made on the next wait
    } finally {
      listening = null;
    }
  }
}
