package io.trainyard.contracts.environment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClusterEndpointsTest {

  private final ClusterEndpoints local = ClusterEndpoints.local();
  private final ClusterEndpoints kubernetes = ClusterEndpoints.kubernetes("ty-", "cluster.local");

  @Test
  void aLocalClusterIsALoopbackPortWithItsJobsApiUnderIt() {
    String url = ClusterEndpoints.localDashboardUrl(40123);
    assertThat(local.problem("ada", "dev", url, ClusterEndpoints.jobsApiUrl(url))).isEmpty();
  }

  @Test
  void aLocalClusterElsewhereIsRefused() {
    assertThat(local.problem("ada", "dev", "http://attacker.example:8265", null))
        .get()
        .asString()
        .contains("loopback");
    assertThat(local.problem("ada", "dev", "http://127.0.0.1.attacker.example:80", null))
        .isPresent();
    assertThat(local.problem("ada", "dev", "http://u@127.0.0.1:80", null)).isPresent();
    assertThat(local.problem("ada", "dev", "http://127.0.0.1:80/x", null)).isPresent();
    assertThat(local.problem("ada", "dev", "file:///etc", null)).isPresent();
    assertThat(local.problem("ada", "dev", null, null)).isPresent();
  }

  @Test
  void aJobsApiThatIsNotUnderTheDashboardIsRefused() {
    assertThat(
            local.problem(
                "ada", "dev", "http://127.0.0.1:8265", "http://attacker.example/api/jobs/"))
        .get()
        .asString()
        .contains("jobsApiUrl");
  }

  @Test
  void onKubernetesOnlyTheHeadServiceInTheOwnersNamespaceIsAccepted() {
    String own = kubernetes.dashboardUrl("ada", "dev");
    assertThat(own).startsWith("http://dev-head-svc.ty-ada-").endsWith(".svc.cluster.local:8265");
    assertThat(kubernetes.problem("ada", "dev", own, ClusterEndpoints.jobsApiUrl(own))).isEmpty();
    String others = kubernetes.dashboardUrl("bob", "dev");
    assertThat(kubernetes.problem("ada", "dev", others, null)).isPresent();
    assertThat(kubernetes.problem("ada", "dev", "http://127.0.0.1:8265", null)).isPresent();
  }
}
