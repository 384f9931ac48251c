package io.trainyard.gateway.api;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.trainyard.gateway.domain.Viewer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/** The gateway's own session tokens: HS256 JWTs naming the user, the role and a session id. */
class SessionTokens {

  static final String ISSUER = "trainyard";

  private final byte[] secret;
  private final Duration ttl;
  private final Clock clock;

  SessionTokens(byte[] secret, Duration ttl, Clock clock) {
    this.secret = secret;
    this.ttl = ttl;
    this.clock = clock;
  }

  record Issued(String token, String sessionId, Instant expiresAt) {}

  Issued issue(Viewer viewer) {
    Instant now = clock.instant();
    Instant expires = now.plus(ttl);
    String sessionId = UUID.randomUUID().toString();
    return new Issued(sign(viewer, sessionId, now, expires), sessionId, expires);
  }

  /** Signs a token with any times; tests use it for expired tokens. */
  String sign(Viewer viewer, String sessionId, Instant issued, Instant expires) {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .subject(viewer.username())
            .claim("role", viewer.role().name().toLowerCase())
            .jwtID(sessionId)
            .issueTime(Date.from(issued))
            .expirationTime(Date.from(expires))
            .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    try {
      jwt.sign(new MACSigner(secret));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  ReactiveJwtDecoder decoder() {
    NimbusReactiveJwtDecoder decoder =
        NimbusReactiveJwtDecoder.withSecretKey(new SecretKeySpec(secret, "HmacSHA256"))
            .macAlgorithm(MacAlgorithm.HS256)
            .build();
    decoder.setJwtValidator(
        org.springframework.security.oauth2.jwt.JwtValidators.createDefaultWithIssuer(ISSUER));
    return decoder;
  }
}
