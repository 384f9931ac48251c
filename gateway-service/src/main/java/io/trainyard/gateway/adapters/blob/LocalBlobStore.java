package io.trainyard.gateway.adapters.blob;

import io.trainyard.contracts.job.FileRef;
import io.trainyard.gateway.domain.BlobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * The blob store of one machine: a directory shared with job-service. A file is written under a
 * temporary name and moved into place whole, so a reader never sees half an upload.
 */
class LocalBlobStore implements BlobStore {

  private final Path root;

  LocalBlobStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public Upload open(String owner, String filename) {
    Path dir = root.resolve(owner).resolve(UUID.randomUUID().toString());
    String name = Path.of(filename).getFileName().toString();
    try {
      Files.createDirectories(dir);
      Path partial = dir.resolve(".partial");
      FileChannel channel =
          FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      return new LocalUpload(dir, partial, dir.resolve(name), name, channel);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void delete(FileRef ref) {
    Path file = Path.of(java.net.URI.create(ref.uri())).normalize();
    if (file.startsWith(root)) {
      deleteQuietly(file);
      deleteQuietly(file.getParent());
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // a leftover file costs disk, not correctness
    }
  }

  private static final class LocalUpload implements Upload {
    private final Path dir;
    private final Path partial;
    private final Path target;
    private final String filename;
    private final FileChannel channel;
    private final Fingerprint fingerprint = new Fingerprint();

    LocalUpload(Path dir, Path partial, Path target, String filename, FileChannel channel) {
      this.dir = dir;
      this.partial = partial;
      this.target = target;
      this.filename = filename;
      this.channel = channel;
    }

    @Override
    public void write(ByteBuffer bytes) {
      fingerprint.add(bytes);
      try {
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public long size() {
      return fingerprint.size();
    }

    @Override
    public FileRef commit() {
      try {
        channel.force(true);
        channel.close();
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return fingerprint.ref(target.toUri().toString(), filename);
    }

    @Override
    public void abort() {
      try {
        channel.close();
      } catch (IOException ignored) {
        // deleting the file below is what matters
      }
      deleteQuietly(partial);
      deleteQuietly(dir);
    }
  }
}
