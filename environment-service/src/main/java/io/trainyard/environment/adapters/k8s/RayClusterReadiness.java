package io.trainyard.environment.adapters.k8s;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.trainyard.contracts.environment.KubernetesNames;
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
    if (cluster.getMetadata().getDeletionTimestamp() != null) {
      // Deleted in the foreground: gone only once its pods are, so their resources are free.
      return Observation.pending(
          "deleting: waiting for " + pods.size() + " pod(s) of the cluster to go");
    }
    RayClusterStatus status = cluster.getStatus();
    Optional<String> wrongService = wrongHeadService(cluster, status, dashboardUrl);
    if (wrongService.isPresent()) {
      return Observation.failed(wrongService.get());
    }
    int readyWorkers = readyWorkers(status);
    int desiredWorkers = desiredWorkers(cluster);
    boolean current =
        status != null
            && (status.observedGeneration == null
                || cluster.getMetadata().getGeneration() == null
                || status.observedGeneration >= cluster.getMetadata().getGeneration());
    if (status != null && status.conditions != null && !status.conditions.isEmpty()) {
      // RayClusterProvisioned stays true after the first time: a resize is ready once KubeRay has
      // seen the new spec and as many workers are ready as it asks for.
      if (isTrue(status.conditions, "HeadPodReady")
          && isTrue(status.conditions, "RayClusterProvisioned")
          && current
          && readyWorkers >= desiredWorkers) {
        return Observation.ready(dashboardUrl, readyWorkers);
      }
    } else if (status != null && "ready".equalsIgnoreCase(status.state)) {
      return Observation.ready(dashboardUrl, readyWorkers);
    }
    if (status != null && "failed".equalsIgnoreCase(status.state)) {
      return Observation.failed(
          status.reason != null ? status.reason : "KubeRay marked the cluster failed");
    }
    return Observation.pending(reason(cluster, status, pods, events));
  }

  /** Consumers only trust the head service KubeRay names by default; another name is a failure. */
  private static Optional<String> wrongHeadService(
      RayCluster cluster, RayClusterStatus status, String dashboardUrl) {
    if (status == null || status.head == null || status.head.serviceName == null) {
      return Optional.empty();
    }
    String expected = KubernetesNames.headService(cluster.getMetadata().getName());
    return status.head.serviceName.equals(expected)
        ? Optional.empty()
        : Optional.of(
            "KubeRay named the head service "
                + status.head.serviceName
                + ", not "
                + expected
                + " ("
                + dashboardUrl
                + ")");
  }

  private static String reason(
      RayCluster cluster, RayClusterStatus status, List<Pod> pods, List<Event> events) {
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
            .filter(e -> about(e, cluster, pods))
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
    int desired = desiredWorkers(cluster);
    int ready = readyWorkers(status);
    if (isTrueIn(status, "HeadPodReady") && ready < desired) {
      return "waiting for workers: " + ready + " of " + desired + " ready";
    }
    return "waiting for the head pod and workers to become ready";
  }

  /** An event about the cluster itself (KubeRay's, e.g. a pod the quota refused) or its pods. */
  private static boolean about(Event e, RayCluster cluster, List<Pod> pods) {
    String name = e.getInvolvedObject().getName();
    if ("RayCluster".equals(e.getInvolvedObject().getKind())) {
      return cluster.getMetadata().getName().equals(name)
          && (e.getInvolvedObject().getUid() == null
              || e.getInvolvedObject().getUid().equals(cluster.getMetadata().getUid()));
    }
    return "Pod".equals(e.getInvolvedObject().getKind())
        && pods.stream().anyMatch(p -> p.getMetadata().getName().equals(name));
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

  private static int readyWorkers(RayClusterStatus status) {
    return status == null || status.readyWorkerReplicas == null ? 0 : status.readyWorkerReplicas;
  }

  private static int desiredWorkers(RayCluster cluster) {
    if (cluster.getSpec() == null || cluster.getSpec().workerGroupSpecs == null) {
      return 0;
    }
    return cluster.getSpec().workerGroupSpecs.stream()
        .mapToInt(g -> g.replicas == null ? 0 : g.replicas)
        .sum();
  }

  private static boolean isTrueIn(RayClusterStatus status, String type) {
    return status != null && status.conditions != null && isTrue(status.conditions, type);
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
