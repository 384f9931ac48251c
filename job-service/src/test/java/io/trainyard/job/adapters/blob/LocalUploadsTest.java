package io.trainyard.job.adapters.blob;

import static org.assertj.core.api.Assertions.assertThat;

import io.trainyard.contracts.job.FileRef;
import io.trainyard.job.config.JobProperties;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalUploadsTest {

  @TempDir Path root;

  private LocalUploads uploads(long maxUnpacked) {
    JobProperties properties =
        new JobProperties(
            null,
            0,
            0,
            null,
            null,
            0,
            null,
            null,
            "python3",
            0,
            new JobProperties.Uploads(root, 0, 0, 0, maxUnpacked, null, null),
            null);
    return new LocalUploads(new LocalBlobs(properties), properties, new PythonSyntax(properties));
  }

  /** 8 MiB of zeros whose central directory says they are 100 bytes. */
  private FileRef bomb() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("houses.csv"));
      zip.write(new byte[8 << 20]);
      zip.closeEntry();
    }
    byte[] data = bytes.toByteArray();
    ByteBuffer view = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i + 4 <= data.length; i++) {
      if (view.getInt(i) == 0x02014b50) {
        view.putInt(i + 24, 100);
      }
    }
    Path file = root.resolve("bomb.zip");
    Files.write(file, data);
    return new FileRef(file.toUri().toString(), "bomb.zip", data.length, LocalUploads.sha256(file));
  }

  @Test
  void aZipIsMeasuredByWhatItReallyUnpacksToNotWhatItsDirectoryClaims() throws Exception {
    FileRef ref = bomb();

    assertThat(uploads(1 << 20).dataProblem(ref))
        .hasValueSatisfying(why -> assertThat(why).contains("unpacks to more than 1048576 bytes"));
    assertThat(uploads(16 << 20).dataProblem(ref)).isEmpty();
  }
}
