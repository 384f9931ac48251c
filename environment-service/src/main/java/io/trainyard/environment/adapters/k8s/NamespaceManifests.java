package io.trainyard.environment.adapters.k8s;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.trainyard.contracts.environment.KubernetesNames;
import java.util.Map;

/** A user's namespace and the limits that hold in it. Pure. */
public final class NamespaceManifests {

  public static final String QUOTA = "trainyard-user-quota";
  public static final String LIMITS = "trainyard-defaults";

  /** On a namespace Trainyard created (not one an administrator made for the user): it may go. */
  public static final String CREATED = "trainyard.io/created";

  private NamespaceManifests() {}

  public static Namespace namespace(String owner, KubernetesProperties p) {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(KubernetesNames.namespace(p.namespacePrefix(), owner))
        .withLabels(
            Map.of(
                KubernetesNames.MANAGED_BY,
                KubernetesNames.MANAGER,
                KubernetesNames.OWNER,
                KubernetesNames.ownerLabel(owner)))
        .withAnnotations(Map.of(KubernetesNames.OWNER, owner, CREATED, "true"))
        .endMetadata()
        .build();
  }

  /**
   * Whether Trainyard created {@code namespace}, so deleting the user's last cluster removes it.
   */
  public static boolean createdByTrainyard(Namespace namespace) {
    return namespace.getMetadata().getAnnotations() != null
        && "true".equals(namespace.getMetadata().getAnnotations().get(CREATED));
  }

  public static ResourceQuota quota(String owner, KubernetesProperties p) {
    String cpu =
        RayClusterManifest.number(p.maxCpuPerUser() + p.maxClustersPerUser() * p.headCpu());
    String memory =
        RayClusterManifest.number(
                p.maxMemoryGiPerUser() + p.maxClustersPerUser() * p.headMemoryGi())
            + "Gi";
    return new ResourceQuotaBuilder()
        .withNewMetadata()
        .withName(QUOTA)
        .withNamespace(KubernetesNames.namespace(p.namespacePrefix(), owner))
        .withLabels(Map.of(KubernetesNames.MANAGED_BY, KubernetesNames.MANAGER))
        .endMetadata()
        .withNewSpec()
        .withHard(
            Map.of(
                "requests.cpu", new Quantity(cpu),
                "limits.cpu", new Quantity(cpu),
                "requests.memory", new Quantity(memory),
                "limits.memory", new Quantity(memory),
                "requests.nvidia.com/gpu", new Quantity(Integer.toString(p.maxGpusPerUser())),
                "count/rayclusters.ray.io", new Quantity(Integer.toString(p.maxClustersPerUser()))))
        .endSpec()
        .build();
  }

  /** Defaults for any pod that names no resources, so the quota can account for it. */
  public static LimitRange limits(String owner, KubernetesProperties p) {
    return new LimitRangeBuilder()
        .withNewMetadata()
        .withName(LIMITS)
        .withNamespace(KubernetesNames.namespace(p.namespacePrefix(), owner))
        .withLabels(Map.of(KubernetesNames.MANAGED_BY, KubernetesNames.MANAGER))
        .endMetadata()
        .withNewSpec()
        .addNewLimit()
        .withType("Container")
        .withDefault(Map.of("cpu", new Quantity("1"), "memory", new Quantity("2Gi")))
        .withDefaultRequest(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("1Gi")))
        .endLimit()
        .endSpec()
        .build();
  }
}
