package io.trainyard.environment.adapters.k8s;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.trainyard.contracts.environment.KubernetesNames;
import io.trainyard.environment.domain.Environment;
import java.util.List;
import java.util.Map;

/**
 * What keeps one user's clusters theirs on Kubernetes, as pure builders: the cluster's Ray token (a
 * Secret every Ray container reads through {@code secretKeyRef}, as KubeRay's manual-auth sample
 * does, since {@code authOptions} needs KubeRay 1.5.1) and the namespace's NetworkPolicy.
 */
public final class TenantManifests {

  public static final String NETWORK_POLICY = "trainyard-tenant";
  static final String NAMESPACE_NAME = "kubernetes.io/metadata.name";
  static final String INSTANCE = "app.kubernetes.io/instance";
  static final String COMPONENT = "app.kubernetes.io/component";
  static final int DASHBOARD = 8265;
  static final int GATEWAY = 8080;

  private TenantManifests() {}

  public static Secret tokenSecret(Environment env, String token, KubernetesProperties p) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(KubernetesNames.tokenSecret(env.name()))
        .withNamespace(KubernetesNames.namespace(p.namespacePrefix(), env.owner()))
        .withLabels(KubernetesNames.labels(env.owner(), env.name()))
        .endMetadata()
        .withType("Opaque")
        .withStringData(Map.of(KubernetesNames.TOKEN_KEY, token))
        .build();
  }

  /** Token mode, set on every Ray process (workers and agents never infer it). */
  public static List<EnvVar> rayAuthEnv(String cluster) {
    return List.of(
        new EnvVar("RAY_AUTH_MODE", "token", null),
        new EnvVarBuilder()
            .withName("RAY_AUTH_TOKEN")
            .withNewValueFrom()
            .withNewSecretKeyRef()
            .withName(KubernetesNames.tokenSecret(cluster))
            .withKey(KubernetesNames.TOKEN_KEY)
            .endSecretKeyRef()
            .endValueFrom()
            .build());
  }

  /**
   * A user's pods talk to each other, to DNS and to the gateway (MLflow as their owner), and to
   * nothing else: not Kafka, PostgreSQL, MLflow directly, the other services or another user's
   * namespace. Into the namespace come its own pods, and the gateway and job-service on the
   * dashboard port only.
   */
  public static NetworkPolicy networkPolicy(String owner, KubernetesProperties p) {
    NetworkPolicyPeer ownPods = new NetworkPolicyPeerBuilder().withPodSelector(all()).build();
    NetworkPolicyPeer dns =
        new NetworkPolicyPeerBuilder()
            .withNamespaceSelector(
                new LabelSelectorBuilder()
                    .withMatchLabels(Map.of(NAMESPACE_NAME, "kube-system"))
                    .build())
            .withPodSelector(
                new LabelSelectorBuilder().withMatchLabels(Map.of("k8s-app", "kube-dns")).build())
            .build();
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName(NETWORK_POLICY)
        .withNamespace(KubernetesNames.namespace(p.namespacePrefix(), owner))
        .withLabels(Map.of(KubernetesNames.MANAGED_BY, KubernetesNames.MANAGER))
        .endMetadata()
        .withNewSpec()
        .withPodSelector(all())
        .withPolicyTypes("Ingress", "Egress")
        .addNewIngress()
        .withFrom(ownPods)
        .endIngress()
        .addNewIngress()
        .withFrom(platform(p, "gateway", "job"))
        .withPorts(
            new NetworkPolicyPortBuilder()
                .withProtocol("TCP")
                .withPort(new IntOrString(DASHBOARD))
                .build())
        .endIngress()
        .addNewEgress()
        .withTo(ownPods)
        .endEgress()
        .addNewEgress()
        .withTo(dns)
        .withPorts(
            new NetworkPolicyPortBuilder()
                .withProtocol("UDP")
                .withPort(new IntOrString(53))
                .build(),
            new NetworkPolicyPortBuilder()
                .withProtocol("TCP")
                .withPort(new IntOrString(53))
                .build())
        .endEgress()
        .addNewEgress()
        .withTo(platform(p, "gateway"))
        .withPorts(
            new NetworkPolicyPortBuilder()
                .withProtocol("TCP")
                .withPort(new IntOrString(GATEWAY))
                .build())
        .endEgress()
        .endSpec()
        .build();
  }

  /**
   * Lets the gateway and job-service read this namespace's Secrets (the clusters' tokens): a
   * RoleBinding here, so no platform account may read Secrets anywhere else.
   */
  public static RoleBinding tokenReaders(String owner, KubernetesProperties p) {
    return new RoleBindingBuilder()
        .withNewMetadata()
        .withName("trainyard-token-readers")
        .withNamespace(KubernetesNames.namespace(p.namespacePrefix(), owner))
        .withLabels(Map.of(KubernetesNames.MANAGED_BY, KubernetesNames.MANAGER))
        .endMetadata()
        .withNewRoleRef()
        .withApiGroup("rbac.authorization.k8s.io")
        .withKind("ClusterRole")
        .withName(p.tokenReaderRole())
        .endRoleRef()
        .addNewSubject()
        .withKind("ServiceAccount")
        .withName(p.tokenReader())
        .withNamespace(p.platformNamespace())
        .endSubject()
        .build();
  }

  private static NetworkPolicyPeer platform(KubernetesProperties p, String... components) {
    return new NetworkPolicyPeerBuilder()
        .withNamespaceSelector(
            new LabelSelectorBuilder()
                .withMatchLabels(Map.of(NAMESPACE_NAME, p.platformNamespace()))
                .build())
        .withPodSelector(
            new LabelSelectorBuilder()
                .withMatchLabels(Map.of(INSTANCE, p.platformRelease()))
                .withMatchExpressions(
                    new LabelSelectorRequirementBuilder()
                        .withKey(COMPONENT)
                        .withOperator("In")
                        .withValues(components)
                        .build())
                .build())
        .build();
  }

  private static LabelSelector all() {
    return new LabelSelector();
  }
}
