package io.trainyard.platform.mlflow;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Each Trainyard user's MLflow account, whose password is derived from the platform's secret: the
 * gateway acts as the user with it, a job's code writes with it, tracking-service creates the
 * account with it. Nothing stores it, and a user can no more compute another's than guess the
 * secret. The same secret signs the guard tag that marks an experiment or a registered model as
 * created by the platform for its owner, so one made first by someone else is never adopted.
 */
public final class MlflowAccounts {

  private static final String HMAC = "HmacSHA256";
  private final SecretKeySpec key;

  public MlflowAccounts(byte[] secret) {
    if (secret.length < 32) {
      throw new IllegalArgumentException("trainyard.mlflow.user-secret needs 32 bytes or more");
    }
    this.key = new SecretKeySpec(secret.clone(), HMAC);
  }

  public String password(String username) {
    return sign("account:" + username);
  }

  /** The Authorization header that acts as {@code username} on MLflow. */
  public String authorization(String username) {
    return basic(username, password(username));
  }

  /** Whether {@code password} is {@code username}'s, compared in constant time. */
  public boolean matches(String username, String password) {
    return MessageDigest.isEqual(
        password(username).getBytes(StandardCharsets.UTF_8),
        password.getBytes(StandardCharsets.UTF_8));
  }

  /** The guard tag's value for a resource ({@code experiment} or {@code registered_model}). */
  public String guard(String kind, String name, String owner) {
    return sign("guard:" + kind + ":" + name + ":" + owner);
  }

  public boolean guards(String kind, String name, String owner, String value) {
    return value != null
        && MessageDigest.isEqual(
            guard(kind, name, owner).getBytes(StandardCharsets.UTF_8),
            value.getBytes(StandardCharsets.UTF_8));
  }

  public static String basic(String username, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private String sign(String text) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }
}
