package io.trainyard.environment.adapters.k8s;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.trainyard.contracts.environment.KubernetesNames;
import io.trainyard.environment.domain.Environment;
import io.trainyard.environment.domain.EnvironmentSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The KubeRay RayCluster of an environment: a head group and one worker group, every Ray container
 * in token mode with the cluster's token. Pure.
 */
public final class RayClusterManifest {

  public static final String WORKER_GROUP = "workers";

  private RayClusterManifest() {}

  public static RayCluster from(Environment env, KubernetesProperties p) {
    EnvironmentSpec spec = env.spec();
    boolean gpu = spec.gpusPerWorker() > 0;
    String image = gpu ? p.gpuRayImage() : p.rayImage();
    Map<String, String> labels = KubernetesNames.labels(env.owner(), env.name());

    RayClusterSpec.HeadGroupSpec head = new RayClusterSpec.HeadGroupSpec();
    // The head schedules and serves the dashboard; training runs on the workers.
    head.rayStartParams = Map.of("dashboard-host", "0.0.0.0", "num-cpus", "0");
    head.template =
        pod(
            labels,
            new ContainerBuilder()
                .withName("ray-head")
                .withImage(image)
                .withEnv(TenantManifests.rayAuthEnv(env.name()))
                .withPorts(
                    new ContainerPortBuilder()
                        .withName("gcs-server")
                        .withContainerPort(6379)
                        .build(),
                    new ContainerPortBuilder()
                        .withName("dashboard")
                        .withContainerPort(8265)
                        .build(),
                    new ContainerPortBuilder().withName("client").withContainerPort(10001).build())
                .withResources(resources(p.headCpu(), p.headMemoryGi(), 0))
                .build(),
            false);

    RayClusterSpec.WorkerGroupSpec workers = new RayClusterSpec.WorkerGroupSpec();
    workers.groupName = WORKER_GROUP;
    workers.replicas = spec.workers();
    workers.minReplicas = spec.workers();
    workers.maxReplicas = spec.workers();
    workers.rayStartParams = Map.of();
    workers.template =
        pod(
            labels,
            new ContainerBuilder()
                .withName("ray-worker")
                .withImage(image)
                .withEnv(TenantManifests.rayAuthEnv(env.name()))
                .withResources(
                    resources(spec.workerCpu(), spec.workerMemoryGi(), spec.gpusPerWorker()))
                .build(),
            gpu);

    RayClusterSpec clusterSpec = new RayClusterSpec();
    clusterSpec.rayVersion = p.rayVersion();
    clusterSpec.enableInTreeAutoscaling = true;
    clusterSpec.headGroupSpec = head;
    clusterSpec.workerGroupSpecs = List.of(workers);

    RayCluster cluster = new RayCluster();
    cluster.setMetadata(
        new ObjectMetaBuilder()
            .withName(env.name())
            .withNamespace(KubernetesNames.namespace(p.namespacePrefix(), env.owner()))
            .withLabels(labels)
            .withAnnotations(Map.of(KubernetesNames.OWNER, env.owner()))
            .build());
    cluster.setSpec(clusterSpec);
    return cluster;
  }

  private static PodTemplateSpec pod(
      Map<String, String> labels,
      io.fabric8.kubernetes.api.model.Container container,
      boolean gpu) {
    PodTemplateSpecBuilder template =
        new PodTemplateSpecBuilder()
            .withNewMetadata()
            .withLabels(labels)
            .endMetadata()
            .withNewSpec()
            // User code runs here: it gets no credential for the Kubernetes API.
            .withAutomountServiceAccountToken(false)
            .withContainers(container)
            .endSpec();
    if (gpu) {
      template
          .editSpec()
          .withTolerations(
              new TolerationBuilder()
                  .withKey("nvidia.com/gpu")
                  .withOperator("Exists")
                  .withEffect("NoSchedule")
                  .build())
          .endSpec();
    }
    return template.build();
  }

  static io.fabric8.kubernetes.api.model.ResourceRequirements resources(
      double cpu, double memoryGi, int gpus) {
    Map<String, Quantity> amounts = new LinkedHashMap<>();
    amounts.put("cpu", new Quantity(number(cpu)));
    amounts.put("memory", new Quantity(number(memoryGi) + "Gi"));
    Map<String, Quantity> limits = new LinkedHashMap<>(amounts);
    if (gpus > 0) {
      limits.put("nvidia.com/gpu", new Quantity(Integer.toString(gpus)));
    }
    return new ResourceRequirementsBuilder().withRequests(amounts).withLimits(limits).build();
  }

  static String number(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
