package io.trainyard.platform.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class MlflowAccountsTest {

  private final MlflowAccounts accounts =
      new MlflowAccounts("a-secret-of-at-least-thirty-two-bytes".getBytes(StandardCharsets.UTF_8));

  @Test
  void eachUserHasTheirOwnStablePassword() {
    assertThat(accounts.password("alice")).isEqualTo(accounts.password("alice"));
    assertThat(accounts.password("alice")).isNotEqualTo(accounts.password("bob"));
    assertThat(accounts.matches("alice", accounts.password("alice"))).isTrue();
    assertThat(accounts.matches("bob", accounts.password("alice"))).isFalse();
  }

  @Test
  void anotherSecretGivesOtherPasswords() {
    MlflowAccounts other =
        new MlflowAccounts("another-secret-of-thirty-two-bytes!!".getBytes(StandardCharsets.UTF_8));
    assertThat(other.password("alice")).isNotEqualTo(accounts.password("alice"));
  }

  @Test
  void theAuthorizationIsBasicWithTheUsersPassword() {
    String header = accounts.authorization("alice");
    assertThat(header).startsWith("Basic ");
    assertThat(new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8))
        .isEqualTo("alice:" + accounts.password("alice"));
  }

  @Test
  void aGuardHoldsForItsOwnerAndNameOnly() {
    String guard = accounts.guard("experiment", "trainyard/alice", "alice");
    assertThat(accounts.guards("experiment", "trainyard/alice", "alice", guard)).isTrue();
    assertThat(accounts.guards("experiment", "trainyard/alice", "bob", guard)).isFalse();
    assertThat(accounts.guards("registered_model", "trainyard/alice", "alice", guard)).isFalse();
    assertThat(accounts.guards("experiment", "trainyard/alice", "alice", null)).isFalse();
  }

  @Test
  void aShortSecretIsRefused() {
    assertThatThrownBy(() -> new MlflowAccounts(new byte[8])).hasMessageContaining("32 bytes");
  }
}
