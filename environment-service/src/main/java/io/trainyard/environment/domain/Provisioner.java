package io.trainyard.environment.domain;

import java.util.List;

/** Makes clusters real: KubeRay on Kubernetes, or Ray processes on this machine. All idempotent. */
public interface Provisioner {

  /** Creates the cluster, or patches it to the environment's spec. */
  void apply(Environment environment);

  /** Removes the cluster; removing a missing one succeeds. */
  void delete(String owner, String name);

  Observation observe(Environment environment);

  /** Every cluster this provisioner manages, as {@code owner/name}, for finding leaks. */
  List<String> managed();
}
