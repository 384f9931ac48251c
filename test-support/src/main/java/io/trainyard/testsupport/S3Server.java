package io.trainyard.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server (S3Proxy over a directory) for blob store tests, one per test JVM,
 * with the bucket {@code trainyard-uploads}.
 */
public final class S3Server implements BeforeAllCallback, AutoCloseable {

  public static final String BUCKET = "trainyard-uploads";
  private static S3Server current;

  private final int port;
  private final LocalProcess process;

  private S3Server(int port, LocalProcess process) {
    this.port = port;
    this.process = process;
  }

  public S3Server() {
    this(0, null);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    current = Shared.get(context, S3Server.class, S3Server::start);
    System.setProperty("trainyard.s3.endpoint", current.endpoint());
  }

  public static S3Server current() {
    if (current == null) {
      throw new IllegalStateException("annotate the test with @ExtendWith(S3Server.class)");
    }
    return current;
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public static final String ACCESS_KEY = "trainyard";
  public static final String SECRET_KEY = "trainyard-secret";

  /** A client for this server, path-style as S3Proxy needs. */
  public S3Client client() {
    return S3Client.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        // S3-compatible stores other than AWS refuse the SDK's default streaming checksums.
        .requestChecksumCalculation(
            software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(
            software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
        .endpointOverride(URI.create(endpoint()))
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
  }

  private static S3Server start() {
    try {
      Path jar = Path.of(System.getProperty("trainyard.s3proxy.jar", "missing"));
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException("S3Proxy is not at " + jar + "; build test-support first");
      }
      Path dir = Files.createTempDirectory("ty-s3");
      Files.createDirectories(dir.resolve("data"));
      int port = LocalProcess.freePort();
      Path conf = dir.resolve("s3proxy.conf");
      Files.writeString(
          conf,
          String.join(
              "\n",
              "s3proxy.endpoint=http://127.0.0.1:" + port,
              "s3proxy.authorization=aws-v2-or-v4",
              "s3proxy.identity=" + ACCESS_KEY,
              "s3proxy.credential=" + SECRET_KEY,
              "jclouds.provider=filesystem",
              "jclouds.filesystem.basedir=" + dir.resolve("data"),
              ""));
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      LocalProcess process =
          LocalProcess.start(
              "s3proxy",
              List.of(java, "-Xmx256m", "-jar", jar.toString(), "--properties", conf.toString()),
              dir.resolve("s3proxy.log"));
      S3Server server = new S3Server(port, process);
      server.awaitPort(Duration.ofSeconds(60));
      try (S3Client s3 = server.client()) {
        s3.createBucket(b -> b.bucket(BUCKET));
      }
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitPort(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
    throw new IllegalStateException("S3Proxy did not listen on " + port);
  }

  @Override
  public void close() {
    process.close();
  }
}
