package io.trainyard.gateway.adapters.db;

import io.trainyard.gateway.domain.ReadModelStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Makes the read model's tables from {@code db/read-model.sql}, empty, in one transaction. */
@Component
class ReadModelSchema implements ReadModelStore {

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;

  ReadModelSchema(JdbcClient jdbc, TransactionTemplate tx) {
    this.jdbc = jdbc;
    this.tx = tx;
  }

  @Override
  public boolean present() {
    return jdbc.sql(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
                    + " AND table_name IN ('job_view', 'environment_view', 'job_log_line',"
                    + " 'model_version_view', 'user_event', 'sweep_view')")
            .query(Long.class)
            .single()
        == 6;
  }

  @Override
  public void recreate(String consumer) {
    String ddl;
    try {
      ddl = new ClassPathResource("db/read-model.sql").getContentAsString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    tx.executeWithoutResult(
        s -> {
          for (String statement : ddl.split(";")) {
            if (!statement.isBlank()) {
              jdbc.sql(statement).update();
            }
          }
          jdbc.sql("DELETE FROM inbox WHERE consumer = ?").param(consumer).update();
        });
  }
}
