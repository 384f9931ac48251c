package io.trainyard.platform.ray;

import io.trainyard.contracts.environment.KubernetesNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Local clusters' tokens as files of this machine, one per environment, readable by their owner
 * (the services' user) only: mode 0600 in a folder of mode 0700.
 */
public final class TokenFiles implements ClusterTokens {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path dir;

  public TokenFiles(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  public Path file(String owner, String environment) {
    return dir.resolve(KubernetesNames.localKey(owner, environment) + ".token");
  }

  /** The environment's token file, made with a new random token unless it exists already. */
  public Path ensure(String owner, String environment) {
    Path file = file(owner, environment);
    if (Files.isRegularFile(file)) {
      return file;
    }
    try {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      byte[] secret = new byte[32];
      RANDOM.nextBytes(secret);
      Path partial = Files.createTempFile(dir, ".token", ".partial");
      Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
      Files.writeString(partial, HexFormat.of().formatHex(secret), StandardCharsets.UTF_8);
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the token of " + owner + "/" + environment, e);
    }
  }

  public void delete(String owner, String environment) {
    try {
      Files.deleteIfExists(file(owner, environment));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Optional<String> token(String owner, String environment) {
    Path file = file(owner, environment);
    try {
      return Files.isRegularFile(file)
          ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip())
          : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the token of " + owner + "/" + environment, e);
    }
  }
}
