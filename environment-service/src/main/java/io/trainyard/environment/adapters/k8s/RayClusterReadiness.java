package io.trainyard.environment.adapters.k8s;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.trainyard.environment.domain.Observation;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads a RayCluster, its pods and their events into one observation. Readiness comes from
 * KubeRay's conditions ({@code HeadPodReady}, {@code RayClusterProvisioned}); the deprecated {@code
 * state} only counts when a KubeRay older than 1.3 sets no conditions. Until ready, the reason is
 * the most telling thing the pods say: a scheduling failure, an image pull error, a warning event.
 * Pure.
 */
public final class RayClusterReadiness {

  private RayClusterReadiness() {}

  public static Observation observe(
      RayCluster cluster, List<Pod> pods, List<Event> events, String dashboardUrl) {
    if (cluster == null) {
      return Observation.absent();
    }
    RayClusterStatus status = cluster.getStatus();
    int readyWorkers =
        status == null || status.readyWorkerReplicas == null ? 0 : status.readyWorkerReplicas;
    if (status != null && status.conditions != null && !status.conditions.isEmpty()) {
      if (isTrue(status.conditions, "HeadPodReady")
          && isTrue(status.conditions, "RayClusterProvisioned")) {
        return Observation.ready(dashboardUrl, readyWorkers);
      }
    } else if (status != null && "ready".equalsIgnoreCase(status.state)) {
      return Observation.ready(dashboardUrl, readyWorkers);
    }
    if (status != null && "failed".equalsIgnoreCase(status.state)) {
      return Observation.failed(
          status.reason != null ? status.reason : "KubeRay marked the cluster failed");
    }
    return Observation.pending(reason(status, pods, events));
  }

  private static String reason(RayClusterStatus status, List<Pod> pods, List<Event> events) {
    for (Pod pod : pods) {
      Optional<String> problem = podProblem(pod);
      if (problem.isPresent()) {
        return problem.get();
      }
    }
    Optional<Event> warning =
        events.stream()
            .filter(e -> "Warning".equals(e.getType()))
            .filter(e -> e.getInvolvedObject() != null)
            .filter(
                e ->
                    pods.stream()
                        .anyMatch(
                            p -> p.getMetadata().getName().equals(e.getInvolvedObject().getName())))
            .max(Comparator.comparing(RayClusterReadiness::when));
    if (warning.isPresent()) {
      Event e = warning.get();
      return e.getInvolvedObject().getName() + ": " + e.getReason() + ": " + e.getMessage();
    }
    if (status != null && status.conditions != null) {
      for (Condition c : status.conditions) {
        if ("ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus())) {
          return "ReplicaFailure: " + c.getMessage();
        }
      }
    }
    if (pods.isEmpty()) {
      return "waiting for KubeRay to create the pods";
    }
    return "waiting for the head pod and workers to become ready";
  }

  private static Optional<String> podProblem(Pod pod) {
    String name = pod.getMetadata().getName();
    if (pod.getStatus() == null) {
      return Optional.empty();
    }
    if (pod.getStatus().getConditions() != null) {
      for (PodCondition c : pod.getStatus().getConditions()) {
        if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())) {
          return Optional.of(name + ": " + c.getReason() + ": " + c.getMessage());
        }
      }
    }
    if (pod.getStatus().getContainerStatuses() != null) {
      for (ContainerStatus s : pod.getStatus().getContainerStatuses()) {
        if (s.getState() != null && s.getState().getWaiting() != null) {
          String why = s.getState().getWaiting().getReason();
          if (why != null && !"ContainerCreating".equals(why) && !"PodInitializing".equals(why)) {
            String message = s.getState().getWaiting().getMessage();
            return Optional.of(name + ": " + why + (message == null ? "" : ": " + message));
          }
        }
      }
    }
    return Optional.empty();
  }

  private static boolean isTrue(List<Condition> conditions, String type) {
    return conditions.stream()
        .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static String when(Event e) {
    if (e.getLastTimestamp() != null) {
      return e.getLastTimestamp();
    }
    return e.getMetadata() != null && e.getMetadata().getCreationTimestamp() != null
        ? e.getMetadata().getCreationTimestamp()
        : "";
  }
}
