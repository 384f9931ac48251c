package io.trainyard.environment.adapters.k8s;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * Every name and label Trainyard gives a Kubernetes object, from one place. A user name becomes a
 * DNS-1123 label that is stable (same user, same namespace) and collision-free (the tail is a hash
 * of the exact user name, so two names that read alike still differ).
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
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(owner.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HASH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
