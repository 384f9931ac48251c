package io.trainyard.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

/**
 * A real PostgreSQL server from the binaries zonky ships on Maven Central, its data kept under
 * {@code dir} across restarts. Each service gets its own database: they never share a table.
 */
public final class LocalPostgres implements AutoCloseable {

  private final EmbeddedPostgres server;

  private LocalPostgres(EmbeddedPostgres server) {
    this.server = server;
  }

  public static LocalPostgres start(Path dir, int port, List<String> databases) throws Exception {
    Files.createDirectories(dir);
    EmbeddedPostgres server =
        EmbeddedPostgres.builder()
            .setPort(port)
            .setDataDirectory(dir.toAbsolutePath())
            .setCleanDataDirectory(false)
            .start();
    try (Connection c = server.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      for (String database : databases) {
        try (ResultSet r =
            s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
          if (!r.next()) {
            s.execute("CREATE DATABASE " + database);
          }
        }
      }
    }
    return new LocalPostgres(server);
  }

  @Override
  public void close() throws Exception {
    server.close();
  }
}
