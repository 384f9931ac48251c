package io.trainyard.gateway.adapters.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trainyard.contracts.job.FileRef;
import io.trainyard.gateway.domain.BlobStore;
import io.trainyard.platform.blob.S3Settings;
import io.trainyard.testsupport.S3Server;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;

/** The cluster's blob store against a real S3-compatible server. */
@ExtendWith(S3Server.class)
class S3BlobStoreIT {

  private final S3Settings settings =
      new S3Settings(
          S3Server.BUCKET,
          URI.create(S3Server.current().endpoint()),
          "us-east-1",
          S3Server.ACCESS_KEY,
          S3Server.SECRET_KEY,
          true);
  private final S3BlobStore store = new S3BlobStore(settings);

  @Test
  void aFileLargerThanAPartArrivesWholeWithItsHashAndSize() throws Exception {
    byte[] data = new byte[S3BlobStore.PART * 2 + 12345];
    new Random(7).nextBytes(data);
    BlobStore.Upload upload = store.open("ada", "../data.csv");
    for (int i = 0; i < data.length; i += 64 * 1024) {
      upload.write(ByteBuffer.wrap(data, i, Math.min(64 * 1024, data.length - i)));
    }
    FileRef ref = upload.commit();

    assertThat(ref.uri()).startsWith("s3://" + S3Server.BUCKET + "/ada/").endsWith("/data.csv");
    assertThat(ref.sizeBytes()).isEqualTo(data.length);
    assertThat(ref.sha256())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
    try (S3Client s3 = S3Server.current().client()) {
      byte[] stored =
          s3.getObjectAsBytes(b -> b.bucket(S3Server.BUCKET).key(settings.key(ref.uri())))
              .asByteArray();
      assertThat(stored).isEqualTo(data);
    }
  }

  @Test
  void anAbortedUploadAndADeletedFileLeaveNothing() {
    BlobStore.Upload aborted = store.open("ada", "model.py");
    aborted.write(ByteBuffer.wrap("print(1)".getBytes()));
    aborted.abort();

    BlobStore.Upload upload = store.open("ada", "model.py");
    upload.write(ByteBuffer.wrap("def build_model(): pass".getBytes()));
    FileRef ref = upload.commit();
    store.delete(ref);

    try (S3Client s3 = S3Server.current().client()) {
      assertThat(s3.listObjectsV2(b -> b.bucket(S3Server.BUCKET).prefix("ada/")).contents())
          .noneMatch(o -> o.key().endsWith("model.py"));
      assertThatThrownBy(
              () -> s3.headObject(b -> b.bucket(S3Server.BUCKET).key(settings.key(ref.uri()))))
          .isInstanceOf(software.amazon.awssdk.services.s3.model.S3Exception.class);
    }
  }
}
