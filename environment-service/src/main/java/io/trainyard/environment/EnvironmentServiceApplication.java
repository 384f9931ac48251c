package io.trainyard.environment;

import io.trainyard.platform.jdbc.JdbcPlatformConfiguration;
import io.trainyard.platform.kafka.KafkaPlatformConfiguration;
import io.trainyard.platform.ray.RayTokensConfiguration;
import io.trainyard.platform.web.ServiceCredentialConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

@SpringBootApplication
@Import({
  KafkaPlatformConfiguration.class,
  JdbcPlatformConfiguration.class,
  RayTokensConfiguration.class,
  ServiceCredentialConfiguration.class
})
public class EnvironmentServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(EnvironmentServiceApplication.class, args);
  }
}
