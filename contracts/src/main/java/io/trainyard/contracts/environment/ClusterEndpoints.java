package io.trainyard.contracts.environment;

import java.net.URI;
import java.util.Optional;

/**
 * Where an environment's Ray dashboard can be, as the provisioner makes it: on this machine a
 * loopback port, on Kubernetes the head service in the owner's namespace. Consumers check an {@code
 * environment.ready} against it, so a forged event cannot point job-service (which sends the
 * owner's code, data and cluster token there) or the gateway's proxy at another server.
 *
 * @param namespacePrefix null for local clusters, else the prefix of user namespaces
 * @param clusterDomain the DNS suffix of Kubernetes services
 */
public record ClusterEndpoints(String namespacePrefix, String clusterDomain) {

  public static final int DASHBOARD_PORT = 8265;

  public static ClusterEndpoints local() {
    return new ClusterEndpoints(null, null);
  }

  public static ClusterEndpoints kubernetes(String namespacePrefix, String clusterDomain) {
    return new ClusterEndpoints(namespacePrefix, clusterDomain);
  }

  public static String localDashboardUrl(int port) {
    return "http://127.0.0.1:" + port;
  }

  /** The dashboard of {@code owner}'s cluster {@code environment} on Kubernetes. */
  public String dashboardUrl(String owner, String environment) {
    return "http://"
        + KubernetesNames.headService(environment)
        + "."
        + KubernetesNames.namespace(namespacePrefix, owner)
        + ".svc."
        + clusterDomain
        + ":"
        + DASHBOARD_PORT;
  }

  /** The Jobs API under a dashboard. */
  public static String jobsApiUrl(String dashboardUrl) {
    return dashboardUrl + "/api/jobs/";
  }

  /** Why these URLs cannot be {@code owner}'s {@code environment}; empty when they can. */
  public Optional<String> problem(
      String owner, String environment, String dashboardUrl, String jobsApiUrl) {
    if (dashboardUrl == null) {
      return Optional.of("dashboardUrl is missing");
    }
    if (jobsApiUrl != null && !jobsApiUrl.equals(jobsApiUrl(dashboardUrl))) {
      return Optional.of("jobsApiUrl '" + jobsApiUrl + "' is not under dashboardUrl");
    }
    if (namespacePrefix != null) {
      String expected = dashboardUrl(owner, environment);
      return expected.equals(dashboardUrl)
          ? Optional.empty()
          : Optional.of(
              "dashboardUrl '" + dashboardUrl + "' is not " + expected + ", the cluster's service");
    }
    try {
      URI uri = new URI(dashboardUrl);
      boolean loopback =
          "http".equals(uri.getScheme())
              && "127.0.0.1".equals(uri.getHost())
              && uri.getUserInfo() == null
              && uri.getPort() > 0
              && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
              && uri.getRawQuery() == null
              && uri.getRawFragment() == null
              && localDashboardUrl(uri.getPort()).equals(dashboardUrl);
      return loopback
          ? Optional.empty()
          : Optional.of(
              "dashboardUrl '" + dashboardUrl + "' is not a local cluster's loopback port");
    } catch (java.net.URISyntaxException e) {
      return Optional.of("dashboardUrl '" + dashboardUrl + "' is not a URL");
    }
  }
}
