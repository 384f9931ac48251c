package io.trainyard.gateway;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.trainyard.testsupport.KafkaBroker;
import io.trainyard.testsupport.Postgres;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * OIDC resource-server mode: tokens are an identity provider's, checked against its published keys
 * (served here over real HTTP); local log-in is off. Its own context does not consume.
 */
@ExtendWith({KafkaBroker.class, Postgres.class})
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.cloud.stream.default.consumer.auto-startup=false",
      "trainyard.gateway.auth.oidc.issuer-uri=https://idp.example.test/realms/ml",
      "trainyard.gateway.auth.oidc.audience=trainyard"
    })
class OidcModeIT {

  private static final RSAKey KEY = key();
  private static final RSAKey OTHER_KEY = key();
  private static final HttpServer IDP = idp();

  @LocalServerPort int port;

  @DynamicPropertySource
  static void provider(DynamicPropertyRegistry registry) {
    registry.add(
        "trainyard.gateway.auth.oidc.jwk-set-uri",
        () -> "http://127.0.0.1:" + IDP.getAddress().getPort() + "/certs");
  }

  @AfterAll
  static void stop() {
    IDP.stop(0);
  }

  @Test
  void aProviderTokenAuthenticatesWithTheUserNameAndRoleFromItsClaims() throws Exception {
    client(token(KEY, "oidc-ada", List.of("trainyard-admin")))
        .get()
        .uri("/api/me")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.username")
        .isEqualTo("oidc-ada")
        .jsonPath("$.role")
        .isEqualTo("admin");
    client(token(KEY, "oidc-bob", List.of()))
        .get()
        .uri("/api/me")
        .exchange()
        .expectBody()
        .jsonPath("$.role")
        .isEqualTo("user");
  }

  @Test
  void tokensSignedByAnotherKeyOrWithAnUnusableNameAreRefused() throws Exception {
    client(token(OTHER_KEY, "oidc-ada", List.of()))
        .get()
        .uri("/api/me")
        .exchange()
        .expectStatus()
        .isUnauthorized();
    client(token(KEY, "Ada@Example.org", List.of()))
        .get()
        .uri("/api/me")
        .exchange()
        .expectStatus()
        .isUnauthorized();
  }

  @Test
  void aTokenTheProviderIssuedToAnotherApplicationIsRefused() throws Exception {
    client(token(KEY, "oidc-ada", List.of("trainyard-admin"), "grafana"))
        .get()
        .uri("/api/me")
        .exchange()
        .expectStatus()
        .isUnauthorized();
  }

  @Test
  void localLogInAndSignUpAreOff() {
    connection()
        .build()
        .post()
        .uri("/api/auth/login")
        .bodyValue(Map.of("username", "admin", "password", "admin-password-1"))
        .exchange()
        .expectStatus()
        .isNotFound();
  }

  private WebTestClient client(String token) {
    return connection().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token).build();
  }

  /**
   * A connection of its own per request, as in {@link ApiTestBase#anonymous()}: a pooled one that
   * an earlier test's refused request left behind held this test's request until its timeout (CI).
   */
  private WebTestClient.Builder connection() {
    return WebTestClient.bindToServer(
            new ReactorClientHttpConnector(reactor.netty.http.client.HttpClient.newConnection()))
        .baseUrl("http://localhost:" + port)
        .responseTimeout(Duration.ofSeconds(30));
  }

  private static String token(RSAKey key, String user, List<String> roles) throws Exception {
    return token(key, user, roles, "trainyard");
  }

  private static String token(RSAKey key, String user, List<String> roles, String audience)
      throws Exception {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer("https://idp.example.test/realms/ml")
            .audience(audience)
            .subject("0b6a-" + user)
            .claim("preferred_username", user)
            .claim("roles", roles)
            .issueTime(new Date())
            .expirationTime(Date.from(Instant.now().plusSeconds(600)))
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private static RSAKey key() {
    try {
      return new RSAKeyGenerator(2048).keyID("k-" + System.nanoTime()).generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpServer idp() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      byte[] jwks = new JWKSet(KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
      server.createContext(
          "/certs",
          exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
          });
      server.start();
      return server;
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
