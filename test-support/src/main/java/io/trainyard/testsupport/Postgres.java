package io.trainyard.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A real PostgreSQL server for the test JVM: Testcontainers when a Docker engine answers, else
 * PostgreSQL binaries from Maven Central (zonky). Each test JVM gets its own empty database and the
 * {@code spring.datasource.*} properties point at it.
 */
public final class Postgres implements BeforeAllCallback, AutoCloseable {

  private static volatile Postgres current;
  private final String url;
  private final String user;
  private final String password;
  private final AutoCloseable handle;

  private Postgres(String url, String user, String password, AutoCloseable handle) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.handle = handle;
  }

  public Postgres() {
    this(null, null, null, null);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    current = Shared.get(context, Postgres.class, Postgres::start);
    System.setProperty("spring.datasource.url", current.url);
    System.setProperty("spring.datasource.username", current.user);
    System.setProperty("spring.datasource.password", current.password);
  }

  public static String url() {
    return require().url;
  }

  public static Connection connect() throws SQLException {
    Postgres p = require();
    return java.sql.DriverManager.getConnection(p.url, p.user, p.password);
  }

  private static Postgres require() {
    if (current == null) {
      throw new IllegalStateException("annotate the test with @ExtendWith(Postgres.class)");
    }
    return current;
  }

  private static Postgres start() {
    if (Docker.available()) {
      PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
      container.start();
      return new Postgres(
          container.getJdbcUrl(),
          container.getUsername(),
          container.getPassword(),
          container::stop);
    }
    try {
      EmbeddedPostgres server = EmbeddedPostgres.builder().start();
      String database = "trainyard_test";
      try (Connection c = server.getPostgresDatabase().getConnection();
          Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + database);
      }
      return new Postgres(server.getJdbcUrl("postgres", database), "postgres", "", server::close);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws Exception {
    handle.close();
  }
}
