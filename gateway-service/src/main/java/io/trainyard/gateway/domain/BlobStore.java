package io.trainyard.gateway.domain;

import io.trainyard.contracts.job.FileRef;
import java.nio.ByteBuffer;

/** Where uploads go; job-service reads them back by the returned URI. */
public interface BlobStore {

  /** A file being written; nothing is visible under its URI until {@link Upload#commit()}. */
  Upload open(String owner, String filename);

  interface Upload {
    void write(ByteBuffer bytes);

    long size();

    FileRef commit();

    void abort();
  }

  /** Removes a committed file whose job was never accepted. */
  void delete(FileRef ref);
}
