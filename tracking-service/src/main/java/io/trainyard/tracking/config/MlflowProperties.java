package io.trainyard.tracking.config;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where MLflow is and how long one call may take.
 *
 * @param url tracking server base URL
 * @param timeout longest wait for one MLflow call; a slower one counts as MLflow being down
 * @param experimentPrefix experiments are named prefix + owner
 * @param adminUsername MLflow's admin, as which tracking-service creates accounts, experiments and
 *     models and grants each owner theirs
 * @param adminPassword that admin's password
 */
@ConfigurationProperties("trainyard.mlflow")
public record MlflowProperties(
    URI url,
    Duration timeout,
    String experimentPrefix,
    String adminUsername,
    String adminPassword) {

  public MlflowProperties {
    timeout = timeout == null ? Duration.ofSeconds(15) : timeout;
    experimentPrefix = experimentPrefix == null ? "trainyard/" : experimentPrefix;
    adminUsername =
        adminUsername == null || adminUsername.isBlank() ? "trainyard_admin" : adminUsername;
    if (adminPassword == null || adminPassword.isBlank()) {
      throw new IllegalStateException(
          "trainyard.mlflow.admin-password (TRAINYARD_MLFLOW_ADMIN_PASSWORD) is not set:"
              + " tracking-service writes to MLflow as its admin");
    }
  }
}
