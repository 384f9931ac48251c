package io.trainyard.platform.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Imported by the inner services (environment, job, tracking); the gateway only sends it. */
@Configuration(proxyBeanMethods = false)
public class ServiceCredentialConfiguration {

  @Bean
  ServiceCredential serviceCredential(@Value("${trainyard.service-token:}") String token) {
    return new ServiceCredential(token);
  }
}
