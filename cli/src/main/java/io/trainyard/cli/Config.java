package io.trainyard.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Who the command line acts as, kept in {@code config.json} of the user's config folder, readable
 * by its owner only (0600, and its folder 0700). {@code TRAINYARD_URL} and {@code TRAINYARD_TOKEN}
 * win over it, so a CI job needs no file at all.
 *
 * @param tokenId the API token's id when login made it, so logout can revoke it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Config(String url, String username, String token, String tokenId) {

  public static final String DEFAULT_URL = "http://localhost:8080";
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  static Path file(Context context) {
    return context.configDir().resolve("config.json");
  }

  public static Optional<Config> stored(Context context) {
    Path file = file(context);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), Config.class));
    } catch (IOException e) {
      throw new CliException(
          ExitCode.USAGE, "cannot read " + file + " (" + e.getMessage() + "): log in again");
    }
  }

  /** The stored config with the environment's overrides on top. */
  public static Config effective(Context context) {
    Config stored = stored(context).orElse(new Config(null, null, null, null));
    return new Config(
        context.variable("TRAINYARD_URL").orElse(stored.url() == null ? DEFAULT_URL : stored.url()),
        stored.username(),
        context.variable("TRAINYARD_TOKEN").orElse(stored.token()),
        stored.tokenId());
  }

  /** Written to a private file first and moved over, so no reader ever sees a partial one. */
  public void save(Context context) throws IOException {
    Path dir = context.configDir();
    Files.createDirectories(
        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path temp =
        Files.createTempFile(
            dir,
            "config",
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), this);
      Files.move(
          temp, file(context), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  public static boolean forget(Context context) throws IOException {
    return Files.deleteIfExists(file(context));
  }
}
