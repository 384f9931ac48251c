package io.trainyard.gateway.adapters.blob;

import io.trainyard.contracts.job.FileRef;
import io.trainyard.gateway.domain.BlobStore;
import io.trainyard.platform.blob.S3Settings;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * The blob store of a cluster: an S3-compatible bucket. An upload is a multipart upload of 8 MiB
 * parts, so at most one part is ever held in memory; nothing is visible under the key until the
 * upload completes, and an aborted one leaves nothing behind.
 */
class S3BlobStore implements BlobStore {

  static final int PART = 8 << 20;

  private final S3Settings settings;
  private final S3Client s3;

  S3BlobStore(S3Settings settings) {
    this.settings = settings;
    this.s3 = settings.client();
  }

  @Override
  public Upload open(String owner, String filename) {
    String name = Path.of(filename).getFileName().toString();
    String key = owner + "/" + UUID.randomUUID() + "/" + name;
    String uploadId =
        s3.createMultipartUpload(b -> b.bucket(settings.bucket()).key(key)).uploadId();
    return new S3Upload(key, name, uploadId);
  }

  @Override
  public void delete(FileRef ref) {
    s3.deleteObject(b -> b.bucket(settings.bucket()).key(settings.key(ref.uri())));
  }

  private final class S3Upload implements Upload {
    private final String key;
    private final String filename;
    private final String uploadId;
    private final Fingerprint fingerprint = new Fingerprint();
    private final ByteArrayOutputStream part = new ByteArrayOutputStream();
    private final List<CompletedPart> parts = new ArrayList<>();

    S3Upload(String key, String filename, String uploadId) {
      this.key = key;
      this.filename = filename;
      this.uploadId = uploadId;
    }

    @Override
    public void write(ByteBuffer bytes) {
      fingerprint.add(bytes);
      byte[] chunk = new byte[bytes.remaining()];
      bytes.get(chunk);
      part.writeBytes(chunk);
      if (part.size() >= PART) {
        flush();
      }
    }

    @Override
    public long size() {
      return fingerprint.size();
    }

    @Override
    public FileRef commit() {
      if (part.size() > 0 || parts.isEmpty()) {
        flush();
      }
      s3.completeMultipartUpload(
          b ->
              b.bucket(settings.bucket())
                  .key(key)
                  .uploadId(uploadId)
                  .multipartUpload(m -> m.parts(parts)));
      return fingerprint.ref(settings.uri(key), filename);
    }

    @Override
    public void abort() {
      s3.abortMultipartUpload(b -> b.bucket(settings.bucket()).key(key).uploadId(uploadId));
    }

    private void flush() {
      int number = parts.size() + 1;
      String etag =
          s3.uploadPart(
                  b -> b.bucket(settings.bucket()).key(key).uploadId(uploadId).partNumber(number),
                  RequestBody.fromBytes(part.toByteArray()))
              .eTag();
      parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
      part.reset();
    }
  }
}
