package io.trainyard.environment.adapters.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.trainyard.contracts.environment.KubernetesNames;
import io.trainyard.environment.domain.Environment;
import io.trainyard.environment.domain.EnvironmentSpec;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TenantManifestsTest {

  private final KubernetesProperties props =
      new KubernetesProperties(
          null,
          null,
          null,
          null,
          0,
          0,
          null,
          0,
          0,
          0,
          0,
          "trainyard-system",
          "prod",
          "prod-ray-caller",
          "prod-ray-token-reader");
  private final Environment env =
      Environment.requested("ada", "default", new EnvironmentSpec(2, 1, 2, 0), Instant.EPOCH);

  @Test
  void everyRayContainerRunsInTokenModeWithTheClustersTokenFromItsSecret() {
    RayCluster cluster = RayClusterManifest.from(env, props);
    List<Container> containers =
        Stream.concat(
                Stream.of(cluster.getSpec().headGroupSpec.template),
                cluster.getSpec().workerGroupSpecs.stream().map(w -> w.template))
            .flatMap(t -> t.getSpec().getContainers().stream())
            .toList();
    assertThat(containers).hasSize(2);
    for (Container c : containers) {
      assertThat(c.getEnv())
          .extracting(EnvVar::getName)
          .contains("RAY_AUTH_MODE", "RAY_AUTH_TOKEN");
      assertThat(c.getEnv().stream().filter(e -> e.getName().equals("RAY_AUTH_MODE")))
          .singleElement()
          .extracting(EnvVar::getValue)
          .isEqualTo("token");
      EnvVar token =
          c.getEnv().stream().filter(e -> e.getName().equals("RAY_AUTH_TOKEN")).findFirst().get();
      assertThat(token.getValue()).as("never inline").isNull();
      assertThat(token.getValueFrom().getSecretKeyRef().getName())
          .isEqualTo(KubernetesNames.tokenSecret("default"));
      assertThat(token.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("auth_token");
    }
  }

  @Test
  void userPodsGetNoKubernetesApiCredential() {
    RayCluster cluster = RayClusterManifest.from(env, props);
    assertThat(cluster.getSpec().headGroupSpec.template.getSpec().getAutomountServiceAccountToken())
        .isFalse();
    assertThat(
            cluster
                .getSpec()
                .workerGroupSpecs
                .get(0)
                .template
                .getSpec()
                .getAutomountServiceAccountToken())
        .isFalse();
  }

  @Test
  void theTokenSecretLivesBesideTheClusterUnderTheKeyRayReads() {
    var secret = TenantManifests.tokenSecret(env, "t0ken", props);
    assertThat(secret.getMetadata().getName()).isEqualTo(KubernetesNames.tokenSecret("default"));
    assertThat(secret.getMetadata().getNamespace())
        .isEqualTo(KubernetesNames.namespace("ty-", "ada"));
    assertThat(secret.getStringData()).containsExactly(java.util.Map.entry("auth_token", "t0ken"));
  }

  @Test
  void theNamespaceTalksToItselfDnsAndTheGatewayOnly() {
    NetworkPolicy policy = TenantManifests.networkPolicy("ada", props);
    assertThat(policy.getMetadata().getNamespace())
        .isEqualTo(KubernetesNames.namespace("ty-", "ada"));
    assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
    assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");

    var egress = policy.getSpec().getEgress();
    assertThat(egress).hasSize(3);
    NetworkPolicyPeer own = egress.get(0).getTo().get(0);
    assertThat(own.getNamespaceSelector()).as("own namespace only").isNull();
    assertThat(egress.get(0).getPorts()).isNullOrEmpty();
    NetworkPolicyPeer dns = egress.get(1).getTo().get(0);
    assertThat(dns.getNamespaceSelector().getMatchLabels())
        .containsEntry("kubernetes.io/metadata.name", "kube-system");
    assertThat(egress.get(1).getPorts()).extracting(p -> p.getPort().getIntVal()).containsOnly(53);
    NetworkPolicyPeer gateway = egress.get(2).getTo().get(0);
    assertThat(gateway.getNamespaceSelector().getMatchLabels())
        .containsEntry("kubernetes.io/metadata.name", "trainyard-system");
    assertThat(gateway.getPodSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/instance", "prod");
    assertThat(gateway.getPodSelector().getMatchExpressions().get(0).getValues())
        .containsExactly("gateway");
    assertThat(egress.get(2).getPorts())
        .extracting(p -> p.getPort().getIntVal())
        .containsExactly(8080);
  }

  @Test
  void theTokenReadersMayReadSecretsInThisNamespaceOnly() {
    var binding = TenantManifests.tokenReaders("ada", props);
    assertThat(binding.getMetadata().getNamespace())
        .isEqualTo(KubernetesNames.namespace("ty-", "ada"));
    assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
    assertThat(binding.getRoleRef().getName()).isEqualTo("prod-ray-token-reader");
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getKind()).isEqualTo("ServiceAccount");
              assertThat(s.getName()).isEqualTo("prod-ray-caller");
              assertThat(s.getNamespace()).isEqualTo("trainyard-system");
            });
  }

  @Test
  void onlyTheGatewayAndJobServiceReachTheDashboardFromOutsideTheNamespace() {
    var ingress = TenantManifests.networkPolicy("ada", props).getSpec().getIngress();
    assertThat(ingress).hasSize(2);
    assertThat(ingress.get(0).getFrom().get(0).getNamespaceSelector()).isNull();
    NetworkPolicyPeer platform = ingress.get(1).getFrom().get(0);
    assertThat(platform.getNamespaceSelector().getMatchLabels())
        .containsEntry("kubernetes.io/metadata.name", "trainyard-system");
    assertThat(platform.getPodSelector().getMatchExpressions().get(0).getValues())
        .containsExactlyInAnyOrder("gateway", "job");
    assertThat(ingress.get(1).getPorts())
        .extracting(p -> p.getPort().getIntVal())
        .containsExactly(8265);
  }
}
