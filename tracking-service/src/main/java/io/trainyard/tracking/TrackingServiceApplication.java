package io.trainyard.tracking;

import io.trainyard.platform.kafka.KafkaPlatformConfiguration;
import io.trainyard.platform.mlflow.MlflowAccountsConfiguration;
import io.trainyard.platform.web.ServiceCredentialConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** Keeps no database of its own: MLflow is the record, found again by job id tags. */
@SpringBootApplication
@Import({
  KafkaPlatformConfiguration.class,
  MlflowAccountsConfiguration.class,
  ServiceCredentialConfiguration.class
})
public class TrackingServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(TrackingServiceApplication.class, args);
  }
}
