package io.trainyard.platform.ray;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.trainyard.contracts.environment.KubernetesNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * RayClusters' tokens as Secrets in their users' namespaces (key {@code auth_token}), read through
 * the Kubernetes API and kept for a minute: a cluster's token never changes while it lives.
 */
public final class TokenSecrets implements ClusterTokens {

  private final KubernetesClient client;
  private final String namespacePrefix;
  private final Cache<String, Optional<String>> cache =
      Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(1)).maximumSize(10_000).build();

  public TokenSecrets(KubernetesClient client, String namespacePrefix) {
    this.client = client;
    this.namespacePrefix = namespacePrefix;
  }

  @Override
  public Optional<String> token(String owner, String environment) {
    String key = owner + "/" + environment;
    Optional<String> token = cache.get(key, k -> read(owner, environment));
    if (token.isEmpty()) {
      // Not made yet: look again next time rather than answer "none" for a minute.
      cache.invalidate(key);
    }
    return token;
  }

  private Optional<String> read(String owner, String environment) {
    Secret secret =
        client
            .secrets()
            .inNamespace(KubernetesNames.namespace(namespacePrefix, owner))
            .withName(KubernetesNames.tokenSecret(environment))
            .get();
    if (secret == null || secret.getData() == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(secret.getData().get(KubernetesNames.TOKEN_KEY))
        .map(b64 -> new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8).strip());
  }
}
