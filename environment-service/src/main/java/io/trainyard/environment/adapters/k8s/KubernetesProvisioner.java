package io.trainyard.environment.adapters.k8s;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.trainyard.contracts.environment.KubernetesNames;
import io.trainyard.environment.domain.Environment;
import io.trainyard.environment.domain.Observation;
import io.trainyard.environment.domain.Provisioner;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Environments as KubeRay RayClusters, one namespace per user with its quota and defaults. Reads
 * come from an informer's cache, so watching many clusters costs one watch, and every change to a
 * RayCluster wakes the reconciler at once.
 */
public class KubernetesProvisioner implements Provisioner, AutoCloseable {

  private final KubernetesClient client;
  private final KubernetesProperties properties;
  private final SharedIndexInformer<RayCluster> informer;

  public KubernetesProvisioner(
      KubernetesClient client, KubernetesProperties properties, Runnable onChange) {
    this.client = client;
    this.properties = properties;
    this.informer =
        clusters()
            .inAnyNamespace()
            .withLabel(KubernetesNames.MANAGED_BY, KubernetesNames.MANAGER)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(RayCluster cluster) {
                    onChange.run();
                  }

                  @Override
                  public void onUpdate(RayCluster before, RayCluster after) {
                    onChange.run();
                  }

                  @Override
                  public void onDelete(RayCluster cluster, boolean unknownFinalState) {
                    onChange.run();
                  }
                },
                60_000L);
  }

  @Override
  public void apply(Environment env) {
    namespaceFor(env.owner());
    ensure(NamespaceManifests.quota(env.owner(), properties));
    ensure(NamespaceManifests.limits(env.owner(), properties));
    ensure(TenantManifests.networkPolicy(env.owner(), properties));
    ensure(TenantManifests.tokenReaders(env.owner(), properties));
    // The token is made once: the cluster's processes and its callers hold it while it lives.
    Resource<Secret> token =
        client
            .secrets()
            .inNamespace(namespace(env.owner()))
            .withName(KubernetesNames.tokenSecret(env.name()));
    if (token.get() == null) {
      client.secrets().resource(TenantManifests.tokenSecret(env, newToken(), properties)).create();
    }
    RayCluster desired = RayClusterManifest.from(env, properties);
    Resource<RayCluster> existing =
        clusters().inNamespace(desired.getMetadata().getNamespace()).withName(env.name());
    if (existing.get() == null) {
      clusters().resource(desired).create();
    } else {
      // Patch the spec only: the status belongs to KubeRay.
      existing.edit(
          current -> {
            current.setSpec(desired.getSpec());
            current.getMetadata().setLabels(desired.getMetadata().getLabels());
            return current;
          });
    }
  }

  /**
   * Deletes the cluster in the foreground, so it is gone only when its pods are; with the user's
   * last cluster, their namespace goes too, and everything Trainyard made in it.
   */
  @Override
  public void delete(String owner, String name) {
    String ns = namespace(owner);
    boolean othersLive =
        clusters().inNamespace(ns).list().getItems().stream()
            .anyMatch(
                c ->
                    !c.getMetadata().getName().equals(name)
                        && c.getMetadata().getDeletionTimestamp() == null);
    clusters()
        .inNamespace(ns)
        .withName(name)
        .withPropagationPolicy(DeletionPropagation.FOREGROUND)
        .delete();
    client.secrets().inNamespace(ns).withName(KubernetesNames.tokenSecret(name)).delete();
    Namespace namespace = client.namespaces().withName(ns).get();
    if (!othersLive && namespace != null && NamespaceManifests.createdByTrainyard(namespace)) {
      client.namespaces().withName(ns).delete();
    }
  }

  /**
   * Creates {@code desired}, or updates it when it says something the existing one does not. An
   * object already as wanted is not written: rewriting a ResourceQuota on every pass keeps its
   * controller from ever recording usage, and the API then refuses every pod ("status unknown").
   */
  private <T extends HasMetadata> void ensure(T desired) {
    var resource = client.resource(desired);
    T existing = resource.get();
    if (existing == null) {
      resource.create();
    } else if (!SameContent.covers(client.getKubernetesSerialization(), existing, desired)) {
      resource.update();
    }
  }

  /** Creates the user's namespace, or adds Trainyard's labels to one an administrator made. */
  private void namespaceFor(String owner) {
    Namespace desired = NamespaceManifests.namespace(owner, properties);
    Resource<Namespace> existing = client.namespaces().withName(desired.getMetadata().getName());
    if (existing.get() == null) {
      try {
        client.namespaces().resource(desired).create();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
      }
    }
    existing.edit(
        n -> {
          Map<String, String> labels = new HashMap<>(orEmpty(n.getMetadata().getLabels()));
          labels.putAll(desired.getMetadata().getLabels());
          Map<String, String> notes = new HashMap<>(orEmpty(n.getMetadata().getAnnotations()));
          notes.put(KubernetesNames.OWNER, owner);
          n.getMetadata().setLabels(labels);
          n.getMetadata().setAnnotations(notes);
          return n;
        });
  }

  private static Map<String, String> orEmpty(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }

  private static String newToken() {
    byte[] bytes = new byte[32];
    new java.security.SecureRandom().nextBytes(bytes);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @Override
  public Observation observe(Environment env) {
    String ns = namespace(env.owner());
    RayCluster cluster = clusters().inNamespace(ns).withName(env.name()).get();
    if (cluster == null) {
      return Observation.absent();
    }
    List<Pod> pods =
        client
            .pods()
            .inNamespace(ns)
            .withLabel(KubernetesNames.RAY_CLUSTER, env.name())
            .list()
            .getItems();
    // KubeRay reports pods the API refused (a quota) as events on the cluster, when no pod exists.
    List<Event> events = client.v1().events().inNamespace(ns).list().getItems();
    String url =
        io.trainyard.contracts.environment.ClusterEndpoints.kubernetes(
                properties.namespacePrefix(), properties.clusterDomain())
            .dashboardUrl(env.owner(), env.name());
    return RayClusterReadiness.observe(cluster, pods, events, url);
  }

  @Override
  public List<String> managed() {
    return informer.getStore().list().stream()
        // One being deleted is on its way; asking again each pass would only repeat the request.
        .filter(c -> c.getMetadata().getDeletionTimestamp() == null)
        .map(
            c ->
                c.getMetadata().getAnnotations().get(KubernetesNames.OWNER)
                    + "/"
                    + c.getMetadata().getName())
        .toList();
  }

  private String namespace(String owner) {
    return KubernetesNames.namespace(properties.namespacePrefix(), owner);
  }

  private MixedOperation<RayCluster, KubernetesResourceList<RayCluster>, Resource<RayCluster>>
      clusters() {
    return client.resources(RayCluster.class);
  }

  @Override
  public void close() {
    informer.close();
  }
}
