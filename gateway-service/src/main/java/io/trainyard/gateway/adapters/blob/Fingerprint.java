package io.trainyard.gateway.adapters.blob;

import io.trainyard.contracts.job.FileRef;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The size and SHA-256 of an upload, taken on the way in, whatever the store writes to. */
final class Fingerprint {

  private final MessageDigest sha256;
  private long size;

  Fingerprint() {
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Counts and hashes the bytes left in the buffer without consuming them. */
  void add(ByteBuffer bytes) {
    size += bytes.remaining();
    sha256.update(bytes.duplicate());
  }

  long size() {
    return size;
  }

  FileRef ref(String uri, String filename) {
    return new FileRef(uri, filename, size, HexFormat.of().formatHex(sha256.digest()));
  }
}
