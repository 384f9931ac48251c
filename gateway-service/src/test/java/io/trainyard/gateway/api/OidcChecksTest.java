package io.trainyard.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trainyard.gateway.config.GatewayProperties;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

class OidcChecksTest {

  private static final String ISSUER = "https://idp.example";

  private static GatewayProperties.Oidc oidc(String audience) {
    return new GatewayProperties.Oidc(
        ISSUER + "/jwks", ISSUER, audience, "preferred_username", "roles", "trainyard-admin");
  }

  private static Jwt token(String issuer, List<String> audience) {
    Instant now = Instant.now();
    Jwt.Builder jwt =
        Jwt.withTokenValue("t")
            .header("alg", "RS256")
            .issuer(issuer)
            .subject("ada")
            .issuedAt(now.minusSeconds(10))
            .expiresAt(now.plusSeconds(300));
    if (audience != null) {
      jwt.audience(audience);
    }
    return jwt.build();
  }

  @Test
  void aTokenForTrainyardFromItsIssuerPasses() {
    assertThat(
            SecurityConfiguration.oidcChecks(oidc("trainyard"))
                .validate(token(ISSUER, List.of("account", "trainyard")))
                .hasErrors())
        .isFalse();
  }

  @Test
  void aTokenTheProviderIssuedToAnotherApplicationIsRefused() {
    assertThat(
            SecurityConfiguration.oidcChecks(oidc("trainyard"))
                .validate(token(ISSUER, List.of("grafana")))
                .hasErrors())
        .isTrue();
    assertThat(
            SecurityConfiguration.oidcChecks(oidc("trainyard"))
                .validate(token(ISSUER, null))
                .hasErrors())
        .isTrue();
  }

  @Test
  void aTokenFromAnotherIssuerIsRefused() {
    assertThat(
            SecurityConfiguration.oidcChecks(oidc("trainyard"))
                .validate(token("https://evil.example", List.of("trainyard")))
                .hasErrors())
        .isTrue();
  }

  @Test
  void oidcWithoutAnAudienceDoesNotStart() {
    assertThatThrownBy(() -> SecurityConfiguration.oidcChecks(oidc("")))
        .hasMessageContaining("TRAINYARD_OIDC_AUDIENCE");
  }
}
