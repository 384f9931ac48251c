package io.trainyard.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdminAccountTest {

  @Test
  void anOrdinaryAccountHoldingTheAdminNameIsNeverPromoted() {
    var squatter = new Users.User("admin", "hash", Viewer.Role.USER, Instant.EPOCH);
    assertThat(AdminAccount.decide(Optional.of(squatter))).isEqualTo(AdminAccount.REFUSE);
  }

  @Test
  void theAdminIsMadeWhenMissingAndGetsTheConfiguredPasswordWhenPresent() {
    assertThat(AdminAccount.decide(Optional.empty())).isEqualTo(AdminAccount.CREATE);
    var admin = new Users.User("admin", "hash", Viewer.Role.ADMIN, Instant.EPOCH);
    assertThat(AdminAccount.decide(Optional.of(admin))).isEqualTo(AdminAccount.RESET_PASSWORD);
  }
}
