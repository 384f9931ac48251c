package io.trainyard.gateway.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.trainyard.gateway.config.GatewayProperties;
import io.trainyard.gateway.domain.Requests;
import io.trainyard.gateway.domain.Users;
import io.trainyard.gateway.domain.Viewer;
import io.trainyard.platform.mlflow.MlflowAccounts;
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
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import reactor.core.publisher.Flux;
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
  private final MlflowAccounts mlflow;
  private final Clock clock;
  private final Cache<String, Optional<Users.TokenOwner>> apiTokens =
      Caffeine.newBuilder().expireAfterWrite(CACHE).maximumSize(100_000).build();

  /** Verified sessions by token, so a client that sends the same token skips the signature. */
  private final Cache<String, ViewerAuthentication> verified =
      Caffeine.newBuilder().expireAfterWrite(CACHE).maximumSize(100_000).build();

  private final Cache<String, Boolean> revoked =
      Caffeine.newBuilder().expireAfterWrite(CACHE).maximumSize(100_000).build();

  TokenAuthentication(
      ReactiveJwtDecoder jwts,
      GatewayProperties.Oidc oidc,
      Users users,
      MlflowAccounts mlflow,
      Clock clock) {
    this.jwts = jwts;
    this.oidc = oidc;
    this.users = users;
    this.mlflow = mlflow;
    this.clock = clock;
  }

  @Override
  public Mono<Authentication> authenticate(Authentication authentication) {
    if (authentication instanceof UsernamePasswordAuthenticationToken basic) {
      return mlflowAccount(basic);
    }
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

  /**
   * A job's code on MLflow's API: its owner's MLflow account, whose password only the platform
   * derives. It is taken on {@code /mlflow/**} alone, and acts as an ordinary user there.
   */
  private Mono<Authentication> mlflowAccount(UsernamePasswordAuthenticationToken basic) {
    String username = basic.getName();
    if (!Requests.USERNAME.matcher(username).matches()
        || !mlflow.matches(username, String.valueOf(basic.getCredentials()))) {
      return Mono.error(new BadCredentialsException("wrong MLflow user name or password"));
    }
    return Mono.just(new ViewerAuthentication(new Viewer(username, Viewer.Role.USER), null, null));
  }

  /**
   * Completes when the caller's credential ends: it expires, its session is logged out, or its API
   * token is revoked (looked at every {@code every}). Streams end with it.
   */
  Mono<Void> ended(ViewerAuthentication caller, Duration every) {
    Mono<Long> expiry =
        caller.expiresAt() == null
            ? Mono.never()
            : Mono.delay(
                Duration.between(clock.instant(), caller.expiresAt()).isNegative()
                    ? Duration.ZERO
                    : Duration.between(clock.instant(), caller.expiresAt()));
    Mono<Long> revocation =
        Flux.interval(every).concatMap(i -> live(caller)).filter(live -> !live).next().map(x -> 0L);
    return Mono.firstWithSignal(expiry, revocation).then();
  }

  /**
   * Whether the caller's credential still holds, from the caches sign-in fills when they know:
   * every open stream asks at each heartbeat, and a stream per tab of one session used to make one
   * query each, in a burst that delayed every stream's events (2,000 streams, one session, every 15
   * s). The replica that revokes a credential puts it in its cache at once.
   */
  private Mono<Boolean> live(ViewerAuthentication caller) {
    if (caller.sessionId() != null) {
      Boolean cached = revoked.getIfPresent(caller.sessionId());
      return cached != null
          ? Mono.just(!cached)
          : Mono.fromCallable(() -> !revoked.get(caller.sessionId(), users::sessionRevoked))
              .subscribeOn(Schedulers.boundedElastic());
    }
    if (caller.apiTokenHash() != null) {
      Optional<Users.TokenOwner> cached = apiTokens.getIfPresent(caller.apiTokenHash());
      return cached != null
          ? Mono.just(cached.isPresent())
          : Mono.fromCallable(
                  () ->
                      apiTokens
                          .get(caller.apiTokenHash(), h -> users.tokenOwner(h, clock.instant()))
                          .isPresent())
              .subscribeOn(Schedulers.boundedElastic());
    }
    return Mono.just(true);
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
    Optional<Users.TokenOwner> cached = apiTokens.getIfPresent(hash);
    Mono<Optional<Users.TokenOwner>> owner =
        cached != null
            ? Mono.just(cached)
            : Mono.fromCallable(() -> users.tokenOwner(hash, clock.instant()))
                .subscribeOn(Schedulers.boundedElastic())
                .doOnNext(v -> apiTokens.put(hash, v));
    return owner.flatMap(
        v ->
            v.<Mono<Authentication>>map(
                    t ->
                        t.expiresAt() != null && !t.expiresAt().isAfter(clock.instant())
                            ? Mono.<Authentication>error(
                                new BadCredentialsException("unknown or expired API token"))
                            : Mono.just(
                                new ViewerAuthentication(t.viewer(), null, t.expiresAt(), hash)))
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
