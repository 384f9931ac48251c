package io.trainyard.platform.mlflow;

import java.nio.charset.StandardCharsets;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The services that act as users on MLflow (the gateway, job-service for its jobs' code,
 * tracking-service, which creates the accounts) share {@code trainyard.mlflow.user-secret}.
 */
@Configuration(proxyBeanMethods = false)
public class MlflowAccountsConfiguration {

  @Bean
  MlflowAccounts mlflowAccounts(@Value("${trainyard.mlflow.user-secret:}") String secret) {
    if (secret.isBlank()) {
      throw new IllegalStateException(
          "trainyard.mlflow.user-secret (TRAINYARD_MLFLOW_USER_SECRET) is not set: the services"
              + " that act as users on MLflow need the same secret of 32 bytes or more");
    }
    return new MlflowAccounts(secret.getBytes(StandardCharsets.UTF_8));
  }
}
