package io.trainyard.job.adapters.blob;

import io.trainyard.contracts.job.FileRef;
import io.trainyard.job.config.JobProperties;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.stereotype.Component;

/** The local blob store: a directory; a {@code file:} URI outside it is refused. */
@Component
public class LocalBlobs {

  private final Path root;

  LocalBlobs(JobProperties properties) {
    this.root = properties.uploads().root().toAbsolutePath().normalize();
  }

  /** The file behind {@code ref}, or an exception saying why it cannot be read. */
  public Path path(FileRef ref) {
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

  public static class BlobException extends RuntimeException {
    public BlobException(String message) {
      super(message);
    }
  }
}
