package io.trainyard.gateway.adapters.blob;

import io.trainyard.gateway.config.GatewayProperties;
import io.trainyard.gateway.domain.BlobStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A bucket when one is configured (a cluster), else the directory shared with job-service. */
@Configuration(proxyBeanMethods = false)
class BlobStores {

  @Bean
  BlobStore blobStore(GatewayProperties properties) {
    var s3 = properties.uploads().s3();
    return s3 != null && s3.enabled()
        ? new S3BlobStore(s3)
        : new LocalBlobStore(properties.uploads().root());
  }
}
