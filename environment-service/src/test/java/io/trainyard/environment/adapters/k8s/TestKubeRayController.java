package io.trainyard.environment.adapters.k8s;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.trainyard.contracts.environment.KubernetesNames;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Plays the KubeRay operator against the mock API server, as far as these tests need: a cluster
 * whose name starts with "stuck" gets a head pod the scheduler cannot place (condition and Warning
 * event, as a real scheduler reports); any other becomes ready through its status subresource.
 */
public final class TestKubeRayController implements AutoCloseable {

  private final KubernetesClient client;
  private final Set<String> handled = new HashSet<>();
  private final Thread thread;
  private volatile boolean running = true;

  public TestKubeRayController(KubernetesClient client) {
    this.client = client;
    this.thread = new Thread(this::loop, "test-kuberay-controller");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (running) {
      try {
        for (RayCluster c : client.resources(RayCluster.class).inAnyNamespace().list().getItems()) {
          String key =
              c.getMetadata().getNamespace()
                  + "/"
                  + c.getMetadata().getName()
                  + "/"
                  + c.getMetadata().getUid();
          if (handled.add(key)) {
            if (c.getMetadata().getName().startsWith("stuck")) {
              unschedulable(c);
            } else {
              ready(c);
            }
          }
        }
        Thread.sleep(200);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // The API server may be closing; try again.
      }
    }
  }

  private void ready(RayCluster c) {
    RayClusterStatus status = new RayClusterStatus();
    status.state = "ready";
    status.readyWorkerReplicas = c.getSpec().workerGroupSpecs.get(0).replicas;
    status.conditions =
        List.of(
            new ConditionBuilder()
                .withType("HeadPodReady")
                .withStatus("True")
                .withReason("HeadPodRunningAndReady")
                .build(),
            new ConditionBuilder()
                .withType("RayClusterProvisioned")
                .withStatus("True")
                .withReason("AllPodRunningAndReadyFirstTime")
                .build());
    c.setStatus(status);
    client.resources(RayCluster.class).resource(c).updateStatus();
  }

  private void unschedulable(RayCluster c) {
    String ns = c.getMetadata().getNamespace();
    String pod = c.getMetadata().getName() + "-head-x7k2p";
    client
        .pods()
        .inNamespace(ns)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(pod)
                .withNamespace(ns)
                .addToLabels(KubernetesNames.RAY_CLUSTER, c.getMetadata().getName())
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("ray-head")
                .withImage("trainyard/ray:2.60.0-cpu")
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Pending")
                .addNewCondition()
                .withType("PodScheduled")
                .withStatus("False")
                .withReason("Unschedulable")
                .withMessage("0/3 nodes are available: 3 Insufficient cpu.")
                .endCondition()
                .endStatus()
                .build())
        .create();
    client
        .v1()
        .events()
        .inNamespace(ns)
        .resource(
            new EventBuilder()
                .withNewMetadata()
                .withName(pod + ".1")
                .withNamespace(ns)
                .endMetadata()
                .withType("Warning")
                .withReason("FailedScheduling")
                .withMessage("0/3 nodes are available: 3 Insufficient cpu.")
                .withNewInvolvedObject()
                .withKind("Pod")
                .withName(pod)
                .withNamespace(ns)
                .endInvolvedObject()
                .build())
        .create();
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
