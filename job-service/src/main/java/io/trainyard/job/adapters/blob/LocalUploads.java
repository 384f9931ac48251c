package io.trainyard.job.adapters.blob;

import io.trainyard.contracts.job.FileRef;
import io.trainyard.job.config.JobProperties;
import io.trainyard.job.domain.Uploads;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.springframework.stereotype.Component;

/**
 * Checks uploads before anything runs them: they are whole (size and SHA-256), small enough, of a
 * known type, and a zip holds few enough files, none of them outside its root; Python code must
 * parse.
 */
@Component
class LocalUploads implements Uploads {

  private final LocalBlobs blobs;
  private final JobProperties.Uploads limits;
  private final PythonSyntax syntax;

  LocalUploads(LocalBlobs blobs, JobProperties properties, PythonSyntax syntax) {
    this.blobs = blobs;
    this.limits = properties.uploads();
    this.syntax = syntax;
  }

  @Override
  public Optional<String> codeProblem(FileRef code) {
    return check(code, limits.maxCodeBytes(), ".py", ".zip")
        .or(
            () -> {
              Path path = blobs.path(code);
              if (isZip(code)) {
                Optional<String> zip = zipProblem(path);
                if (zip.isPresent()) {
                  return zip;
                }
                if (!hasEntry(path, "model.py")) {
                  return Optional.of("a code zip needs model.py at its top level");
                }
              }
              return syntax.problem(path, code.filename());
            });
  }

  @Override
  public Optional<String> dataProblem(FileRef data) {
    return check(data, limits.maxDataBytes(), ".csv", ".zip")
        .or(() -> isZip(data) ? zipProblem(blobs.path(data)) : Optional.empty());
  }

  @Override
  public boolean ownedBy(FileRef ref, String owner) {
    return blobs.ownedBy(ref, owner);
  }

  private Optional<String> check(FileRef ref, long maxBytes, String... types) {
    String name = ref.filename() == null ? "" : ref.filename().toLowerCase(Locale.ROOT);
    boolean known = false;
    for (String type : types) {
      known |= name.endsWith(type);
    }
    if (!known) {
      return Optional.of(
          "'" + ref.filename() + "' is not a " + String.join(" or ", types) + " file");
    }
    Path path;
    try {
      path = blobs.path(ref);
    } catch (LocalBlobs.BlobException e) {
      return Optional.of(e.getMessage());
    }
    try {
      long size = Files.size(path);
      if (size > maxBytes) {
        return Optional.of(
            "'" + ref.filename() + "' has " + size + " bytes; the limit is " + maxBytes);
      }
      if (size != ref.sizeBytes()) {
        return Optional.of(
            "'"
                + ref.filename()
                + "' has "
                + size
                + " bytes, not the "
                + ref.sizeBytes()
                + " announced: the upload is incomplete");
      }
      if (ref.sha256() != null && !ref.sha256().equalsIgnoreCase(sha256(path))) {
        return Optional.of("'" + ref.filename() + "' does not match its SHA-256");
      }
    } catch (IOException e) {
      return Optional.of("'" + ref.filename() + "' cannot be read: " + e.getMessage());
    }
    return Optional.empty();
  }

  /**
   * Few enough entries, none outside the zip, and no more bytes than allowed once unpacked: counted
   * by unpacking (to nowhere), since a zip bomb's directory lies about its sizes.
   */
  private Optional<String> zipProblem(Path path) {
    try (ZipFile zip = new ZipFile(path.toFile())) {
      if (zip.size() > limits.maxFiles()) {
        return Optional.of(
            "the zip holds " + zip.size() + " files; the limit is " + limits.maxFiles());
      }
      long unpacked = 0;
      byte[] buffer = new byte[64 * 1024];
      for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
        if (!safe(entry.getName())) {
          return Optional.of("the zip entry '" + entry.getName() + "' points outside the zip");
        }
        try (InputStream in = zip.getInputStream(entry)) {
          int n;
          while ((n = in.read(buffer)) > 0) {
            unpacked += n;
            if (unpacked > limits.maxUnpackedBytes()) {
              return Optional.of(
                  "the zip unpacks to more than " + limits.maxUnpackedBytes() + " bytes");
            }
          }
        }
      }
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.of("not a readable zip: " + e.getMessage());
    }
  }

  /** No absolute path, drive, or {@code ..} step: nothing may land outside the working dir. */
  static boolean safe(String name) {
    String n = name.replace('\\', '/');
    if (n.startsWith("/") || n.matches("^[A-Za-z]:.*")) {
      return false;
    }
    for (String part : n.split("/")) {
      if (part.equals("..")) {
        return false;
      }
    }
    return true;
  }

  private static boolean isZip(FileRef ref) {
    return ref.filename().toLowerCase(Locale.ROOT).endsWith(".zip");
  }

  private static boolean hasEntry(Path zipPath, String name) {
    try (ZipFile zip = new ZipFile(zipPath.toFile())) {
      return zip.getEntry(name) != null;
    } catch (IOException e) {
      return false;
    }
  }

  static String sha256(Path path) throws IOException {
    try (InputStream in =
        new DigestInputStream(Files.newInputStream(path), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
