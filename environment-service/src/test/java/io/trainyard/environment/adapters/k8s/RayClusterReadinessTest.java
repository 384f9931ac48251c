package io.trainyard.environment.adapters.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.trainyard.environment.domain.Environment;
import io.trainyard.environment.domain.EnvironmentSpec;
import io.trainyard.environment.domain.Phase;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RayClusterReadinessTest {

  private static final String URL = "http://alpha-head-svc.ty-ada.svc.cluster.local:8265";
  private final KubernetesProperties props =
      new KubernetesProperties(
          null, null, null, null, 0, 0, null, 0, 0, 0, 0, "trainyard", "ty", null, null);

  private RayCluster cluster(int workers) {
    RayCluster c =
        RayClusterManifest.from(
            Environment.requested(
                "ada", "alpha", new EnvironmentSpec(workers, 1, 2, 0), Instant.EPOCH),
            props);
    c.getMetadata().setUid("uid-1");
    c.getMetadata().setGeneration(1L);
    return c;
  }

  private static RayCluster provisioned(RayCluster c, int readyWorkers, long observed) {
    RayClusterStatus status = new RayClusterStatus();
    status.conditions =
        List.of(
            new ConditionBuilder().withType("HeadPodReady").withStatus("True").build(),
            new ConditionBuilder().withType("RayClusterProvisioned").withStatus("True").build());
    status.readyWorkerReplicas = readyWorkers;
    status.observedGeneration = observed;
    status.head = new RayClusterStatus.Head();
    status.head.serviceName = "alpha-head-svc";
    c.setStatus(status);
    return c;
  }

  private static Pod pod(String name) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewStatus()
        .endStatus()
        .build();
  }

  @Test
  void readyWhenKubeRaysConditionsHoldAndEveryWorkerIsReady() {
    var seen =
        RayClusterReadiness.observe(provisioned(cluster(2), 2, 1), List.of(), List.of(), URL);

    assertThat(seen.phase()).isEqualTo(Phase.READY);
    assertThat(seen.dashboardUrl()).isEqualTo(URL);
  }

  @Test
  void aResizeIsNotReadyUntilKubeRaySawTheNewSpecAndItsWorkersRun() {
    RayCluster resized = provisioned(cluster(3), 2, 1);
    resized.getMetadata().setGeneration(2L);
    assertThat(RayClusterReadiness.observe(resized, List.of(pod("h")), List.of(), URL).phase())
        .as("the status is of the old spec")
        .isEqualTo(Phase.PENDING);

    var seen =
        RayClusterReadiness.observe(
            provisioned(cluster(3), 2, 2), List.of(pod("h")), List.of(), URL);
    assertThat(seen.phase()).isEqualTo(Phase.PENDING);
    assertThat(seen.reason()).isEqualTo("waiting for workers: 2 of 3 ready");
  }

  @Test
  void aClusterBeingDeletedIsNotGoneWhileItsPodsRemain() {
    RayCluster deleting = provisioned(cluster(1), 1, 1);
    deleting.getMetadata().setDeletionTimestamp("2026-12-01T10:00:00Z");

    var seen = RayClusterReadiness.observe(deleting, List.of(pod("h"), pod("w")), List.of(), URL);

    assertThat(seen.phase()).isEqualTo(Phase.PENDING);
    assertThat(seen.reason()).isEqualTo("deleting: waiting for 2 pod(s) of the cluster to go");
  }

  @Test
  void aHeadServiceOtherThanTheOneConsumersTrustFailsTheCluster() {
    RayCluster c = provisioned(cluster(1), 1, 1);
    c.getStatus().head.serviceName = "alpha-head";

    var seen = RayClusterReadiness.observe(c, List.of(), List.of(), URL);

    assertThat(seen.phase()).isEqualTo(Phase.FAILED);
    assertThat(seen.reason()).contains("alpha-head, not alpha-head-svc");
  }

  @Test
  void aPodTheApiRefusedIsReportedFromKubeRaysEventOnTheCluster() {
    Event refused =
        new EventBuilder()
            .withType("Warning")
            .withReason("FailedToCreateHeadPod")
            .withMessage("pods \"alpha-head\" is forbidden: exceeded quota: team-pods")
            .withNewInvolvedObject()
            .withKind("RayCluster")
            .withName("alpha")
            .withUid("uid-1")
            .endInvolvedObject()
            .build();
    Event ofAnotherClusterOfTheSameName =
        new EventBuilder(refused)
            .withMessage("old")
            .editInvolvedObject()
            .withUid("uid-0")
            .endInvolvedObject()
            .build();

    var seen =
        RayClusterReadiness.observe(
            cluster(1), List.of(), List.of(ofAnotherClusterOfTheSameName, refused), URL);

    assertThat(seen.phase()).isEqualTo(Phase.PENDING);
    assertThat(seen.reason())
        .isEqualTo(
            "alpha: FailedToCreateHeadPod: pods \"alpha-head\" is forbidden: exceeded quota:"
                + " team-pods");
  }
}
