package io.trainyard.job.adapters.ray;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.contracts.codec.CloudEventCodec;
import io.trainyard.contracts.job.FileRef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The working_dir Ray unpacks for a job: Trainyard's runtime, the job's spec, and the user's code
 * and data. The zip is the same bytes for the same inputs (sorted entries, fixed times), so a
 * repeated attempt finds its package on the cluster already.
 */
final class WorkingDir {

  static final String SPEC = "trainyard_job.json";
  private static final ObjectMapper JSON = CloudEventCodec.mapper();
  private static final long FIXED_TIME = 315532800000L; // 1980-01-01, the zip epoch

  private final Map<String, byte[]> entries = new TreeMap<>();

  WorkingDir runtime(Map<String, byte[]> files) {
    entries.putAll(files);
    return this;
  }

  WorkingDir spec(Map<String, Object> spec) {
    try {
      entries.put(SPEC, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(spec));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** A single file lands as {@code dir/<its name>}; a zip is unpacked under {@code dir/}. */
  String add(String dir, FileRef ref, Path file) {
    try {
      if (ref.filename().toLowerCase().endsWith(".zip")) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
          for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
            if (!entry.isDirectory()) {
              try (InputStream in = zip.getInputStream(entry)) {
                entries.put(dir + "/" + entry.getName().replace('\\', '/'), in.readAllBytes());
              }
            }
          }
        }
        return dir;
      }
      String name = dir + "/" + Path.of(ref.filename()).getFileName();
      entries.put(name, Files.readAllBytes(file));
      return name;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + ref.filename(), e);
    }
  }

  byte[] zip() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (var e : entries.entrySet()) {
        ZipEntry entry = new ZipEntry(e.getKey());
        entry.setTime(FIXED_TIME);
        zip.putNextEntry(entry);
        zip.write(e.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Ray's content-addressed package name for these bytes. */
  static String packageName(byte[] zip) {
    try {
      return "_ray_pkg_"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(zip))
          + ".zip";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
