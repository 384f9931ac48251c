package io.trainyard.environment.adapters.k8s;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.trainyard.contracts.environment.KubernetesNames;
import io.trainyard.environment.domain.Environment;
import io.trainyard.environment.domain.Observation;
import io.trainyard.environment.domain.Provisioner;
import java.util.List;

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
    client
        .namespaces()
        .resource(NamespaceManifests.namespace(env.owner(), properties))
        .createOr(n -> n.update());
    client
        .resourceQuotas()
        .resource(NamespaceManifests.quota(env.owner(), properties))
        .createOr(q -> q.update());
    client
        .limitRanges()
        .resource(NamespaceManifests.limits(env.owner(), properties))
        .createOr(l -> l.update());
    client
        .network()
        .v1()
        .networkPolicies()
        .resource(TenantManifests.networkPolicy(env.owner(), properties))
        .createOr(n -> n.update());
    client
        .rbac()
        .roleBindings()
        .resource(TenantManifests.tokenReaders(env.owner(), properties))
        .createOr(b -> b.update());
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

  @Override
  public void delete(String owner, String name) {
    clusters().inNamespace(namespace(owner)).withName(name).delete();
    client
        .secrets()
        .inNamespace(namespace(owner))
        .withName(KubernetesNames.tokenSecret(name))
        .delete();
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
    List<Event> events =
        pods.isEmpty() ? List.of() : client.v1().events().inNamespace(ns).list().getItems();
    String url =
        io.trainyard.contracts.environment.ClusterEndpoints.kubernetes(
                properties.namespacePrefix(), properties.clusterDomain())
            .dashboardUrl(env.owner(), env.name());
    return RayClusterReadiness.observe(cluster, pods, events, url);
  }

  @Override
  public List<String> managed() {
    return informer.getStore().list().stream()
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
