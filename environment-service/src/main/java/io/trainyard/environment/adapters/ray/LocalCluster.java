package io.trainyard.environment.adapters.ray;

import java.nio.file.Path;

/** What the local provisioner remembers of a cluster it started. */
record LocalCluster(String owner, String name, Path tempDir, int gcsPort, int dashboardPort) {

  String dashboardUrl() {
    return io.trainyard.contracts.environment.ClusterEndpoints.localDashboardUrl(dashboardPort);
  }
}
