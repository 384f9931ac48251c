package io.trainyard.environment.adapters.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.trainyard.contracts.environment.KubernetesNames;
import io.trainyard.environment.domain.Environment;
import io.trainyard.environment.domain.EnvironmentSpec;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RayClusterManifestTest {

  private final KubernetesProperties props =
      new KubernetesProperties(
          null, null, null, null, 0, 0, null, 0, 0, 0, 0, "trainyard", "ty", null, null);

  private RayCluster cluster(int workers, double cpu, double mem, int gpus) {
    return RayClusterManifest.from(
        Environment.requested(
            "Ada", "default", new EnvironmentSpec(workers, cpu, mem, gpus), Instant.EPOCH),
        props);
  }

  @Test
  void oneHeadGroupAndOneWorkerGroupSizedFromTheSpec() {
    RayCluster c = cluster(3, 1.5, 4, 0);

    var workers = c.getSpec().workerGroupSpecs.get(0);
    assertThat(c.getSpec().workerGroupSpecs).hasSize(1);
    assertThat(workers.replicas).isEqualTo(3);
    assertThat(workers.minReplicas).isEqualTo(3);
    assertThat(workers.maxReplicas).isEqualTo(3);
    Container worker = workers.template.getSpec().getContainers().get(0);
    assertThat(worker.getResources().getRequests())
        .containsEntry("cpu", new Quantity("1.5"))
        .containsEntry("memory", new Quantity("4Gi"));
    assertThat(worker.getResources().getLimits()).doesNotContainKey("nvidia.com/gpu");
    assertThat(c.getSpec().rayVersion).isEqualTo("2.60.0");
    assertThat(worker.getImage()).isEqualTo("trainyard/ray:2.60.0-cpu");
  }

  @Test
  void headExposesGcsDashboardAndClientPorts() {
    Container head =
        cluster(1, 1, 1, 0).getSpec().headGroupSpec.template.getSpec().getContainers().get(0);

    assertThat(head.getPorts())
        .extracting(p -> p.getContainerPort())
        .containsExactly(6379, 8265, 10001);
  }

  @Test
  void gpuWorkersAskForGpusTolerateTheTaintAndUseTheGpuImage() {
    var workers = cluster(2, 4, 16, 1).getSpec().workerGroupSpecs.get(0);
    Container worker = workers.template.getSpec().getContainers().get(0);

    assertThat(worker.getResources().getLimits())
        .containsEntry("nvidia.com/gpu", new Quantity("1"));
    assertThat(workers.template.getSpec().getTolerations())
        .extracting(t -> t.getKey())
        .contains("nvidia.com/gpu");
    assertThat(worker.getImage()).isEqualTo("trainyard/ray:2.60.0-gpu");
  }

  @Test
  void autoscalingIsOn() {
    assertThat(cluster(1, 1, 1, 0).getSpec().enableInTreeAutoscaling).isTrue();
  }

  @Test
  void everythingIsLabelledAndLivesInTheOwnersNamespace() {
    RayCluster c = cluster(1, 1, 1, 0);

    assertThat(c.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "trainyard")
        .containsEntry("trainyard.io/environment", "default")
        .containsEntry("trainyard.io/owner", KubernetesNames.ownerLabel("Ada"));
    assertThat(c.getMetadata().getNamespace()).isEqualTo(KubernetesNames.namespace("ty-", "Ada"));
    assertThat(c.getMetadata().getAnnotations()).containsEntry("trainyard.io/owner", "Ada");
    assertThat(c.getSpec().workerGroupSpecs.get(0).template.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "trainyard");
  }

  @Test
  void userQuotaCoversWorkersPlusHeadsAndCountsClusters() {
    ResourceQuota quota = NamespaceManifests.quota("Ada", props);

    assertThat(quota.getSpec().getHard())
        .containsEntry("limits.cpu", new Quantity("19"))
        .containsEntry("count/rayclusters.ray.io", new Quantity("3"))
        .containsEntry("requests.nvidia.com/gpu", new Quantity("0"));
  }
}
