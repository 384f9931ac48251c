package io.trainyard.environment.adapters.k8s;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** KubeRay's {@code ray.io/v1 RayCluster}, with the fields Trainyard writes and reads. */
@Group("ray.io")
@Version("v1")
@Kind("RayCluster")
@Plural("rayclusters")
public class RayCluster extends CustomResource<RayClusterSpec, RayClusterStatus>
    implements Namespaced {}
