package io.trainyard.environment.adapters.ray;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The local provisioner's own store, so a restarted service neither leaks nor forgets a cluster.
 */
@Repository
public class LocalClusters {

  private final JdbcClient jdbc;

  public LocalClusters(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<LocalCluster> find(String owner, String name) {
    return jdbc.sql(
            "SELECT owner, name, temp_dir, gcs_port, dashboard_port FROM local_clusters"
                + " WHERE owner = ? AND name = ?")
        .params(owner, name)
        .query(LocalClusters::map)
        .optional();
  }

  List<LocalCluster> all() {
    return jdbc.sql("SELECT owner, name, temp_dir, gcs_port, dashboard_port FROM local_clusters")
        .query(LocalClusters::map)
        .list();
  }

  private static LocalCluster map(ResultSet rs, int row) throws SQLException {
    return new LocalCluster(
        rs.getString(1), rs.getString(2), Path.of(rs.getString(3)), rs.getInt(4), rs.getInt(5));
  }

  void save(LocalCluster c) {
    jdbc.sql(
            "INSERT INTO local_clusters (owner, name, temp_dir, gcs_port, dashboard_port)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (owner, name) DO UPDATE SET"
                + " temp_dir = EXCLUDED.temp_dir, gcs_port = EXCLUDED.gcs_port,"
                + " dashboard_port = EXCLUDED.dashboard_port")
        .params(c.owner(), c.name(), c.tempDir().toString(), c.gcsPort(), c.dashboardPort())
        .update();
  }

  void remove(String owner, String name) {
    jdbc.sql("DELETE FROM local_clusters WHERE owner = ? AND name = ?")
        .params(owner, name)
        .update();
  }
}
