package io.trainyard.gateway.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** Everything the gateway is told by its environment; defaults in application.yml. */
@ConfigurationProperties("trainyard.gateway")
public record GatewayProperties(
    Auth auth,
    Uploads uploads,
    Submissions submissions,
    Limits limits,
    Upstreams upstreams,
    Streams streams) {

  /**
   * {@code jwtSecret} signs session tokens (random per process when empty); with {@code oidc}'s
   * jwk-set-uri set, tokens come from that identity provider instead and log-in here is off. An API
   * token lives {@code apiTokenTtl} unless its creator asks for less or more; log-in and sign-up
   * tries are limited per user name and per client address.
   */
  public record Auth(
      boolean signupEnabled,
      String jwtSecret,
      Duration sessionTtl,
      boolean secureCookie,
      String adminUsername,
      String adminPassword,
      Duration apiTokenTtl,
      Rate attemptsPerName,
      Rate attemptsPerClient,
      Oidc oidc) {
    public Auth {
      apiTokenTtl = apiTokenTtl == null ? Duration.ofDays(90) : apiTokenTtl;
      attemptsPerName = attemptsPerName == null ? new Rate(0.2, 10) : attemptsPerName;
      attemptsPerClient = attemptsPerClient == null ? new Rate(1, 30) : attemptsPerClient;
    }
  }

  /** {@code burst} at once, then {@code perSecond}. */
  public record Rate(double perSecond, int burst) {}

  /** {@code audience} is required: a token the provider issued for another client is refused. */
  public record Oidc(
      String jwkSetUri,
      String issuerUri,
      String audience,
      String usernameClaim,
      String rolesClaim,
      String adminRole) {
    public boolean enabled() {
      return jwkSetUri != null && !jwkSetUri.isBlank();
    }
  }

  /**
   * Uploads go to {@code s3} when its bucket is set, else under {@code root}; a job's uploads are
   * deleted {@code retention} after it ended.
   */
  public record Uploads(
      Path root,
      DataSize maxCodeSize,
      DataSize maxDataSize,
      io.trainyard.platform.blob.S3Settings s3,
      Duration retention) {
    public Uploads {
      retention = retention == null ? Duration.ofDays(7) : retention;
    }
  }

  public record Submissions(double perSecond, int burst) {}

  public record Limits(
      int maxWorkers, double maxWorkerCpu, double maxWorkerMemoryGi, int maxGpus) {}

  public record Upstreams(URI tracking, URI mlflow) {}

  public record Streams(Duration heartbeat, int buffer) {}
}
