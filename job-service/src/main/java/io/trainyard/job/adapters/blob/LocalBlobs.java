package io.trainyard.job.adapters.blob;

import io.trainyard.contracts.job.FileRef;
import io.trainyard.job.config.JobProperties;
import io.trainyard.platform.blob.S3Settings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The blob store as files: a directory, and in a cluster the gateway's bucket, whose objects are
 * fetched once into {@code root/s3} (named by their SHA-256, so a re-fetch is never needed). A
 * {@code file:} URI outside the directory or an object of another bucket is refused.
 */
@Component
public class LocalBlobs {

  private final Path root;
  private final S3Settings s3;
  private final S3Client client;

  LocalBlobs(JobProperties properties) {
    this.root = properties.uploads().root().toAbsolutePath().normalize();
    this.s3 = properties.uploads().s3();
    this.client = s3 != null && s3.enabled() ? s3.client() : null;
  }

  /**
   * Forgets fetched copies not used since {@code before}: the bucket keeps the originals, and a job
   * that needs one again fetches it again. Local uploads belong to the gateway and stay.
   */
  public synchronized int prune(java.time.Instant before) {
    Path fetched = root.resolve("s3");
    if (!Files.isDirectory(fetched)) {
      return 0;
    }
    int removed = 0;
    try (var dirs = Files.list(fetched)) {
      for (Path dir : dirs.toList()) {
        try (var files = Files.list(dir)) {
          List<Path> all = files.toList();
          boolean stale =
              all.stream()
                  .allMatch(
                      f -> {
                        try {
                          return Files.getLastModifiedTime(f).toInstant().isBefore(before);
                        } catch (IOException e) {
                          return false;
                        }
                      });
          if (stale) {
            for (Path f : all) {
              Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
            removed++;
          }
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot prune " + fetched, e);
    }
    return removed;
  }

  private static void touch(Path file) {
    try {
      Files.setLastModifiedTime(
          file, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
    } catch (IOException ignored) {
      // an untouched copy is fetched again after its retention, nothing worse
    }
  }

  /**
   * Whether {@code ref} lies under {@code owner}'s prefix, where the gateway keeps that user's
   * uploads (a file under {@code root/owner/}, an object under {@code owner/}).
   */
  public boolean ownedBy(FileRef ref, String owner) {
    if (owner == null || owner.isEmpty() || ref.uri() == null) {
      return false;
    }
    if (ref.uri().startsWith("s3://")) {
      try {
        return s3 != null
            && s3.key(ref.uri()).startsWith(owner + "/")
            && !ref.uri().contains("/../");
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
    try {
      URI uri = URI.create(ref.uri());
      Path own = root.resolve(owner).normalize();
      return "file".equals(uri.getScheme())
          && root.equals(own.getParent())
          && Path.of(uri).toAbsolutePath().normalize().startsWith(own);
    } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      return false;
    }
  }

  /** The file behind {@code ref}, or an exception saying why it cannot be read. */
  public Path path(FileRef ref) {
    if (ref.uri().startsWith("s3://")) {
      return fetched(ref);
    }
    URI uri;
    try {
      uri = URI.create(ref.uri());
    } catch (IllegalArgumentException e) {
      throw new BlobException("'" + ref.uri() + "' is not a URI");
    }
    if (!"file".equals(uri.getScheme())) {
      throw new BlobException(
          "'" + ref.uri() + "' is not in the blob store (this installation reads file: URIs)");
    }
    Path path = Path.of(uri).toAbsolutePath().normalize();
    if (!path.startsWith(root)) {
      throw new BlobException("'" + ref.uri() + "' is outside the blob store");
    }
    if (!Files.isRegularFile(path)) {
      throw new BlobException("'" + ref.filename() + "' is not in the blob store");
    }
    return path;
  }

  private synchronized Path fetched(FileRef ref) {
    if (client == null) {
      throw new BlobException("'" + ref.uri() + "' is in S3, and this installation has no bucket");
    }
    String key;
    try {
      key = s3.key(ref.uri());
    } catch (IllegalArgumentException e) {
      throw new BlobException(e.getMessage());
    }
    String name = Path.of(ref.filename()).getFileName().toString();
    Path dir = root.resolve("s3").resolve(ref.sha256().replaceAll("[^0-9a-f]", ""));
    Path file = dir.resolve(name);
    if (Files.isRegularFile(file)) {
      touch(file);
      return file;
    }
    try {
      Files.createDirectories(dir);
      Path partial = dir.resolve(".partial");
      Files.deleteIfExists(partial);
      client.getObject(b -> b.bucket(s3.bucket()).key(key), ResponseTransformer.toFile(partial));
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
      return file;
    } catch (NoSuchKeyException e) {
      throw new BlobException("'" + ref.filename() + "' is not in the bucket");
    } catch (IOException | SdkException e) {
      throw new IllegalStateException("cannot fetch " + ref.uri() + ": " + e.getMessage(), e);
    }
  }

  public static class BlobException extends RuntimeException {
    public BlobException(String message) {
      super(message);
    }
  }
}
