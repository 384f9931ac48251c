package io.trainyard.platform.blob;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Where uploads live in a cluster: a bucket of any S3-compatible store. Without keys the SDK's
 * default chain applies (environment, IRSA, instance profile); {@code endpoint} and {@code
 * pathStyle} are for stores other than AWS.
 */
public record S3Settings(
    String bucket,
    URI endpoint,
    String region,
    String accessKey,
    String secretKey,
    boolean pathStyle) {

  public boolean enabled() {
    return bucket != null && !bucket.isBlank();
  }

  public S3Client client() {
    var builder =
        S3Client.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            // S3-compatible stores other than AWS refuse the SDK's default streaming checksums.
            .requestChecksumCalculation(
                software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(
                software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
            .region(Region.of(region == null || region.isBlank() ? "us-east-1" : region))
            .forcePathStyle(pathStyle);
    if (endpoint != null && !endpoint.toString().isBlank()) {
      builder.endpointOverride(endpoint);
    }
    builder.credentialsProvider(
        accessKey == null || accessKey.isBlank()
            ? DefaultCredentialsProvider.builder().build()
            : StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)));
    return builder.build();
  }

  /** {@code s3://bucket/key} of an object in this bucket. */
  public String uri(String key) {
    return "s3://" + bucket + "/" + key;
  }

  /** The key of {@code uri}, or an exception when it names another bucket or store. */
  public String key(String uri) {
    String prefix = "s3://" + bucket + "/";
    if (!uri.startsWith(prefix)) {
      throw new IllegalArgumentException("'" + uri + "' is not in the bucket " + bucket);
    }
    return uri.substring(prefix.length());
  }
}
