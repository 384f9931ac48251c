package io.trainyard.contracts.environment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * Every name and label Trainyard gives a Kubernetes object, from one place: environment-service
 * makes the objects, job-service and the gateway find a cluster's token by the same names. A user
 * name becomes a DNS-1123 label that is stable (same user, same namespace) and collision-free (the
 * tail is a hash of the exact user name, so two names that read alike still differ).
 */
public final class KubernetesNames {

  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String MANAGER = "trainyard";
  public static final String OWNER = "trainyard.io/owner";
  public static final String ENVIRONMENT = "trainyard.io/environment";
  public static final String RAY_CLUSTER = "ray.io/cluster";

  private static final int MAX_LABEL = 63;
  private static final int HASH = 10;

  private KubernetesNames() {}

  public static String namespace(String prefix, String owner) {
    return prefix + slug(owner, MAX_LABEL - prefix.length());
  }

  /** A label value (63 characters of [a-z0-9-], starting and ending alphanumeric). */
  public static String ownerLabel(String owner) {
    return slug(owner, MAX_LABEL);
  }

  public static Map<String, String> labels(String owner, String environment) {
    return Map.of(MANAGED_BY, MANAGER, OWNER, ownerLabel(owner), ENVIRONMENT, environment);
  }

  public static String headService(String cluster) {
    return cluster + "-head-svc";
  }

  /** The Secret holding a cluster's Ray token, under key {@link #TOKEN_KEY}. */
  public static String tokenSecret(String cluster) {
    return cluster + "-ray-token";
  }

  /** The key of the token in its Secret, as KubeRay's own token support names it. */
  public static final String TOKEN_KEY = "auth_token";

  /** A file name for what belongs to one environment on this machine: its token, its Ray dir. */
  public static String localKey(String owner, String environment) {
    return sha256(owner + "/" + environment).substring(0, 12);
  }

  private static String slug(String owner, int room) {
    String plain =
        Normalizer.normalize(owner, Normalizer.Form.NFKD)
            .replaceAll("\\p{M}", "")
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "-")
            .replaceAll("^-+|-+$", "");
    String hash = hash(owner);
    int keep = room - HASH - 1;
    if (plain.length() > keep) {
      plain = plain.substring(0, keep).replaceAll("-+$", "");
    }
    return plain.isEmpty() ? "u" + hash.substring(1) : plain + "-" + hash;
  }

  private static String hash(String owner) {
    return sha256(owner).substring(0, HASH);
  }

  private static String sha256(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
