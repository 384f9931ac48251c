package io.trainyard.job.adapters.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trainyard.contracts.job.FileRef;
import io.trainyard.job.config.JobProperties;
import io.trainyard.platform.blob.S3Settings;
import io.trainyard.testsupport.S3Server;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Uploads the gateway put in the cluster's bucket, read back as files, from a real S3 server. */
@ExtendWith(S3Server.class)
class LocalBlobsS3IT {

  @TempDir Path root;

  private LocalBlobs blobs() {
    S3Settings s3 =
        new S3Settings(
            S3Server.BUCKET,
            URI.create(S3Server.current().endpoint()),
            "us-east-1",
            S3Server.ACCESS_KEY,
            S3Server.SECRET_KEY,
            true);
    JobProperties.Uploads uploads = new JobProperties.Uploads(root, 0, 0, 0, 0, s3, null);
    return new LocalBlobs(
        new JobProperties(null, 0, 0, null, null, 0, null, null, null, 0, uploads, null));
  }

  @Test
  void anObjectOfTheBucketIsFetchedOnceUnderTheRoot() throws Exception {
    byte[] code =
        "def build_model(config, input_shape, outputs):\n    return None\n"
            .getBytes(StandardCharsets.UTF_8);
    try (S3Client s3 = S3Server.current().client()) {
      s3.putObject(
          b -> b.bucket(S3Server.BUCKET).key("ada/1/model.py"), RequestBody.fromBytes(code));
    }
    FileRef ref =
        new FileRef(
            "s3://" + S3Server.BUCKET + "/ada/1/model.py",
            "model.py",
            code.length,
            "ab".repeat(32));
    LocalBlobs blobs = blobs();

    Path file = blobs.path(ref);
    assertThat(file).startsWith(root);
    assertThat(Files.readAllBytes(file)).isEqualTo(code);

    try (S3Client s3 = S3Server.current().client()) {
      s3.deleteObject(b -> b.bucket(S3Server.BUCKET).key("ada/1/model.py"));
    }
    assertThat(blobs.path(ref)).isEqualTo(file);
  }

  @Test
  void aFetchedCopyUnusedForItsRetentionIsForgottenAndFetchedAgainWhenNeeded() throws Exception {
    byte[] data = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);
    try (S3Client s3 = S3Server.current().client()) {
      s3.putObject(b -> b.bucket(S3Server.BUCKET).key("ada/2/d.csv"), RequestBody.fromBytes(data));
    }
    FileRef ref =
        new FileRef("s3://" + S3Server.BUCKET + "/ada/2/d.csv", "d.csv", 4, "cd".repeat(32));
    LocalBlobs blobs = blobs();
    Path copy = blobs.path(ref);

    assertThat(blobs.prune(java.time.Instant.now().minusSeconds(3600))).isZero();
    assertThat(copy).exists();
    assertThat(blobs.prune(java.time.Instant.now().plusSeconds(1))).isEqualTo(1);
    assertThat(copy).doesNotExist();
    assertThat(Files.readAllBytes(blobs.path(ref))).isEqualTo(data);
  }

  @Test
  void objectsOfAnotherBucketOrMissingOnesAreRefusedWithAReason() {
    LocalBlobs blobs = blobs();
    assertThatThrownBy(
            () -> blobs.path(new FileRef("s3://elsewhere/ada/x.py", "x.py", 1, "cd".repeat(32))))
        .isInstanceOf(LocalBlobs.BlobException.class)
        .hasMessageContaining("not in the bucket");
    assertThatThrownBy(
            () ->
                blobs.path(
                    new FileRef(
                        "s3://" + S3Server.BUCKET + "/ada/none.py", "none.py", 1, "ef".repeat(32))))
        .isInstanceOf(LocalBlobs.BlobException.class)
        .hasMessageContaining("not in the bucket");
  }
}
