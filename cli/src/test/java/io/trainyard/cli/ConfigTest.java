package io.trainyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {

  @TempDir Path home;

  @Test
  void theStoredTokenIsReadableByItsOwnerOnly() throws Exception {
    Context context = new TestContext(home.resolve("trainyard"), Map.of(), "").context;
    new Config("http://localhost:8080", "ada", "ty_secret", "t1").save(context);

    Path file = home.resolve("trainyard/config.json");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    assertThat(Config.stored(context))
        .contains(new Config("http://localhost:8080", "ada", "ty_secret", "t1"));
    assertThat(Files.list(file.getParent())).as("no temp file left").hasSize(1);
  }

  @Test
  void theEnvironmentsUrlAndTokenWinOverTheStoredOnes() throws Exception {
    Path dir = home.resolve("trainyard");
    new Config("http://stored", "ada", "ty_stored", "t1")
        .save(new TestContext(dir, Map.of(), "").context);

    Context ci =
        new TestContext(
                dir, Map.of("TRAINYARD_URL", "https://ci.example", "TRAINYARD_TOKEN", "ty_ci"), "")
            .context;
    assertThat(Config.effective(ci).url()).isEqualTo("https://ci.example");
    assertThat(Config.effective(ci).token()).isEqualTo("ty_ci");
  }

  @Test
  void withNothingStoredTheLocalStackIsTheDefault() {
    Context context = new TestContext(home.resolve("none"), Map.of(), "").context;
    assertThat(Config.effective(context).url()).isEqualTo("http://localhost:8080");
    assertThat(Config.effective(context).token()).isNull();
  }

  @Test
  void theConfigFolderFollowsXdg() {
    assertThat(Context.configDir(Map.of("XDG_CONFIG_HOME", "/x", "HOME", "/home/ada")))
        .isEqualTo(Path.of("/x/trainyard"));
    assertThat(Context.configDir(Map.of("HOME", "/home/ada")))
        .isEqualTo(Path.of("/home/ada/.config/trainyard"));
  }
}
