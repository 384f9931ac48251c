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
 */
@ConfigurationProperties("trainyard.mlflow")
public record MlflowProperties(URI url, Duration timeout, String experimentPrefix) {

  public MlflowProperties {
    timeout = timeout == null ? Duration.ofSeconds(15) : timeout;
    experimentPrefix = experimentPrefix == null ? "trainyard/" : experimentPrefix;
  }
}
