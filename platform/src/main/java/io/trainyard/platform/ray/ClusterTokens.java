package io.trainyard.platform.ray;

import java.util.Optional;

/**
 * The token each environment's Ray cluster requires (Ray's token authentication): one per
 * environment, kept by the platform, sent by job-service and by the gateway's dashboard proxy, and
 * never shown to anyone but the cluster.
 */
public interface ClusterTokens {

  /** The cluster's token, or empty when it has none (yet). */
  Optional<String> token(String owner, String environment);

  /** The header a call to the cluster carries, when it has a token. */
  default Optional<String> authorization(String owner, String environment) {
    return token(owner, environment).map(t -> "Bearer " + t);
  }
}
