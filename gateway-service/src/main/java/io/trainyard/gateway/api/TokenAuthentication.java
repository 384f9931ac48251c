package io.trainyard.gateway.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.trainyard.gateway.config.GatewayProperties;
import io.trainyard.gateway.domain.Requests;
import io.trainyard.gateway.domain.Users;
import io.trainyard.gateway.domain.Viewer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Turns a bearer token into a caller: a personal API token ({@code ty_…}, looked up by hash), or a
 * JWT: the gateway's own session, or in OIDC mode one from the identity provider. Lookups are
 * cached for seconds; the replica that revokes forgets at once, the others within the cache time.
 */
class TokenAuthentication implements ReactiveAuthenticationManager {

  static final String API_TOKEN_PREFIX = "ty_";
  private static final Duration CACHE = Duration.ofSeconds(10);

  private final ReactiveJwtDecoder jwts;
  private final GatewayProperties.Oidc oidc;
  private final Users users;
  private final Clock clock;
  private final Cache<String, Optional<Viewer>> apiTokens =
      Caffeine.newBuilder().expireAfterWrite(CACHE).maximumSize(100_000).build();

  /** Verified sessions by token, so a client that sends the same token skips the signature. */
  private final Cache<String, ViewerAuthentication> verified =
      Caffeine.newBuilder().expireAfterWrite(CACHE).maximumSize(100_000).build();

  private final Cache<String, Boolean> revoked =
      Caffeine.newBuilder().expireAfterWrite(CACHE).maximumSize(100_000).build();

  TokenAuthentication(
      ReactiveJwtDecoder jwts, GatewayProperties.Oidc oidc, Users users, Clock clock) {
    this.jwts = jwts;
    this.oidc = oidc;
    this.users = users;
    this.clock = clock;
  }

  @Override
  public Mono<Authentication> authenticate(Authentication authentication) {
    String token = ((BearerTokenAuthenticationToken) authentication).getToken();
    if (token.startsWith(API_TOKEN_PREFIX)) {
      return apiToken(token);
    }
    ViewerAuthentication known = verified.getIfPresent(token);
    if (known != null
        && (known.expiresAt() == null || known.expiresAt().isAfter(clock.instant()))
        && (known.sessionId() == null || revoked.getIfPresent(known.sessionId()) != Boolean.TRUE)) {
      return Mono.just(known);
    }
    return jwts.decode(token)
        .onErrorMap(JwtException.class, e -> new BadCredentialsException(e.getMessage(), e))
        .flatMap(this::session)
        .doOnNext(a -> verified.put(token, (ViewerAuthentication) a));
  }

  void forgetApiTokens() {
    apiTokens.invalidateAll();
  }

  void forgetSession(String sessionId) {
    revoked.put(sessionId, true);
  }

  static String hash(String secret) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Mono<Authentication> apiToken(String token) {
    String hash = hash(token);
    Optional<Viewer> cached = apiTokens.getIfPresent(hash);
    Mono<Optional<Viewer>> owner =
        cached != null
            ? Mono.just(cached)
            : Mono.fromCallable(() -> users.tokenOwner(hash, clock.instant()))
                .subscribeOn(Schedulers.boundedElastic())
                .doOnNext(v -> apiTokens.put(hash, v));
    return owner.flatMap(
        v ->
            v.<Mono<Authentication>>map(
                    viewer -> Mono.just(new ViewerAuthentication(viewer, null, null)))
                .orElseGet(
                    () -> Mono.error(new BadCredentialsException("unknown or expired API token"))));
  }

  private Mono<Authentication> session(Jwt jwt) {
    if (oidc.enabled()) {
      return Mono.fromCallable(
          () -> new ViewerAuthentication(oidcViewer(jwt), null, jwt.getExpiresAt()));
    }
    String sessionId = jwt.getId();
    Viewer viewer =
        new Viewer(
            jwt.getSubject(),
            "admin".equals(jwt.getClaimAsString("role")) ? Viewer.Role.ADMIN : Viewer.Role.USER);
    Boolean cached = revoked.getIfPresent(sessionId);
    Mono<Boolean> isRevoked =
        cached != null
            ? Mono.just(cached)
            : Mono.fromCallable(() -> users.sessionRevoked(sessionId))
                .subscribeOn(Schedulers.boundedElastic())
                .doOnNext(r -> revoked.put(sessionId, r));
    return isRevoked.flatMap(
        r ->
            r
                ? Mono.error(new BadCredentialsException("this session was logged out"))
                : Mono.just(new ViewerAuthentication(viewer, sessionId, jwt.getExpiresAt())));
  }

  private Viewer oidcViewer(Jwt jwt) {
    String username = jwt.getClaimAsString(oidc.usernameClaim());
    if (username == null || !Requests.USERNAME.matcher(username).matches()) {
      throw new BadCredentialsException(
          "claim '"
              + oidc.usernameClaim()
              + "' must be a Trainyard user name (lowercase letters, digits, '-'), was "
              + username);
    }
    Object roles = jwt.getClaims().get(oidc.rolesClaim());
    boolean admin =
        roles instanceof Collection<?> c
            ? c.contains(oidc.adminRole())
            : oidc.adminRole().equals(roles);
    return new Viewer(username, admin ? Viewer.Role.ADMIN : Viewer.Role.USER);
  }
}
