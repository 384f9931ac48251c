package io.trainyard.job.adapters.ray;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.contracts.codec.CloudEventCodec;
import io.trainyard.contracts.job.FileRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The working_dir Ray unpacks for a job: Trainyard's runtime, the job's spec, and the user's code
 * and data. It is written to a file entry by entry, never held whole, and a zip's entries count as
 * the bytes they really unpack to, not what its directory claims. The zip is the same bytes for the
 * same inputs (sorted entries, fixed times), so a repeated attempt finds its package on the cluster
 * already.
 */
final class WorkingDir {

  static final String SPEC = "trainyard_job.json";
  private static final ObjectMapper JSON = CloudEventCodec.mapper();
  private static final long FIXED_TIME = 315532800000L; // 1980-01-01, the zip epoch

  private final Map<String, Source> entries = new TreeMap<>();

  /** Where an entry's bytes come from. */
  private sealed interface Source {
    InputStream open() throws IOException;
  }

  private record Bytes(byte[] bytes) implements Source {
    public InputStream open() {
      return new java.io.ByteArrayInputStream(bytes);
    }
  }

  private record File(Path path) implements Source {
    public InputStream open() throws IOException {
      return Files.newInputStream(path);
    }
  }

  private record Entry(Path zip, String name) implements Source {
    public InputStream open() throws IOException {
      ZipFile file = new ZipFile(zip.toFile());
      InputStream in = file.getInputStream(file.getEntry(name));
      return new java.io.FilterInputStream(in) {
        @Override
        public void close() throws IOException {
          try {
            super.close();
          } finally {
            file.close();
          }
        }
      };
    }
  }

  /** The package as written: its file and Ray's content-addressed name for it. */
  record Package(Path file, String name, long unpackedBytes) {}

  WorkingDir runtime(Map<String, byte[]> files) {
    files.forEach((name, bytes) -> entries.put(name, new Bytes(bytes)));
    return this;
  }

  WorkingDir spec(Map<String, Object> spec) {
    try {
      entries.put(SPEC, new Bytes(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(spec)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** A single file lands as {@code dir/<its name>}; a zip is unpacked under {@code dir/}. */
  String add(String dir, FileRef ref, Path file) {
    if (!ref.filename().toLowerCase().endsWith(".zip")) {
      String name = dir + "/" + Path.of(ref.filename()).getFileName();
      entries.put(name, new File(file));
      return name;
    }
    try (ZipFile zip = new ZipFile(file.toFile())) {
      for (ZipEntry entry : Collections.list(zip.entries())) {
        if (!entry.isDirectory()) {
          entries.put(
              dir + "/" + entry.getName().replace('\\', '/'), new Entry(file, entry.getName()));
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + ref.filename(), e);
    }
  }

  /**
   * Writes the zip to {@code target}; more than {@code maxUnpacked} bytes of content is refused as
   * the first byte past it is read.
   */
  Package write(Path target, long maxUnpacked) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      long total = 0;
      byte[] buffer = new byte[64 * 1024];
      try (OutputStream file = Files.newOutputStream(target);
          ZipOutputStream zip = new ZipOutputStream(new DigestOutputStream(file, sha1))) {
        for (var e : entries.entrySet()) {
          ZipEntry entry = new ZipEntry(e.getKey());
          entry.setTime(FIXED_TIME);
          zip.putNextEntry(entry);
          try (InputStream in = e.getValue().open()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
              total += n;
              if (total > maxUnpacked) {
                throw new TooLargeException(
                    "the job's files unpack to more than " + maxUnpacked + " bytes");
              }
              zip.write(buffer, 0, n);
            }
          }
          zip.closeEntry();
        }
      }
      String name = "_ray_pkg_" + HexFormat.of().formatHex(sha1.digest()) + ".zip";
      return new Package(target, name, total);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The job's files are larger than a working dir may be: running it again would not help. */
  static final class TooLargeException extends RuntimeException {
    TooLargeException(String message) {
      super(message);
    }
  }
}
