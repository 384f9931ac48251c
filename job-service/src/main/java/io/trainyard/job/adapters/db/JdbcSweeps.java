package io.trainyard.job.adapters.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.contracts.codec.CloudEventCodec;
import io.trainyard.job.domain.sweep.Sweep;
import io.trainyard.job.domain.sweep.Sweeps;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcSweeps implements Sweeps {

  private static final ObjectMapper JSON = CloudEventCodec.mapper();

  private final JdbcClient jdbc;

  JdbcSweeps(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Optional<Sweep> find(String id) {
    return jdbc.sql("SELECT body FROM sweeps WHERE id = ?")
        .param(id)
        .query((rs, n) -> read(rs.getString(1)))
        .optional();
  }

  @Override
  public Optional<Sweep> lock(String id) {
    return jdbc.sql("SELECT body FROM sweeps WHERE id = ? FOR UPDATE")
        .param(id)
        .query((rs, n) -> read(rs.getString(1)))
        .optional();
  }

  @Override
  public void save(Sweep sweep) {
    jdbc.sql(
            "INSERT INTO sweeps (id, owner, status, body, updated_at) VALUES (?, ?, ?, ?::jsonb, ?)"
                + " ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status,"
                + " body = EXCLUDED.body, updated_at = EXCLUDED.updated_at")
        .params(
            sweep.id(),
            sweep.owner(),
            sweep.status().name(),
            write(sweep),
            Timestamp.from(sweep.updatedAt()))
        .update();
  }

  private static Sweep read(String body) {
    try {
      return JSON.readValue(body, Sweep.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String write(Sweep sweep) {
    try {
      return JSON.writeValueAsString(sweep);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
