package io.trainyard.gateway.api;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.trainyard.contracts.user.UserSignedUp;
import io.trainyard.gateway.config.GatewayProperties;
import io.trainyard.gateway.domain.AdminAccount;
import io.trainyard.gateway.domain.Requests;
import io.trainyard.gateway.domain.TokenBucket;
import io.trainyard.gateway.domain.Users;
import io.trainyard.gateway.domain.Users.ApiToken;
import io.trainyard.gateway.domain.Users.User;
import io.trainyard.gateway.domain.Viewer;
import io.trainyard.gateway.domain.Violation;
import io.trainyard.platform.kafka.EventPublisher;
import jakarta.annotation.Nullable;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Accounts, sessions and personal API tokens. Password hashing runs off the event loop. */
@RestController
@Tag(name = "auth")
class AuthController {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Users users;
  private final PasswordEncoder passwords;
  private final SessionTokens sessions;
  private final TokenAuthentication tokens;
  private final GatewayProperties.Auth auth;
  private final EventPublisher publisher;
  private final TokenBucket perName;
  private final TokenBucket perClient;
  private final Clock clock;

  /** Compared against when the user does not exist, so both answers take as long. */
  private final String dummyHash;

  AuthController(
      Users users,
      PasswordEncoder passwords,
      SessionTokens sessions,
      TokenAuthentication tokens,
      GatewayProperties properties,
      EventPublisher publisher,
      Clock clock) {
    this.users = users;
    this.passwords = passwords;
    this.sessions = sessions;
    this.tokens = tokens;
    this.auth = properties.auth();
    this.publisher = publisher;
    this.perName =
        new TokenBucket(auth.attemptsPerName().perSecond(), auth.attemptsPerName().burst(), clock);
    this.perClient =
        new TokenBucket(
            auth.attemptsPerClient().perSecond(), auth.attemptsPerClient().burst(), clock);
    this.clock = clock;
    this.dummyHash = passwords.encode(UUID.randomUUID().toString());
  }

  record Credentials(String username, String password) {}

  record Me(String username, String role) {
    static Me of(Viewer v) {
      return new Me(v.username(), v.role().name().toLowerCase());
    }
  }

  record Session(String token, Instant expiresAt, Me user) {}

  record TokenRequest(String name, Integer expiresInDays) {}

  record TokenResponse(
      String id,
      String name,
      Instant createdAt,
      @Nullable Instant expiresAt,
      @Nullable String token) {}

  /**
   * Creates the configured admin account, or resets its password to the configured one. An ordinary
   * account of that name is never promoted (its holder would become admin, and its live tokens with
   * it): start-up stops and says so.
   */
  @EventListener(ApplicationReadyEvent.class)
  void bootstrapAdmin() {
    String password = auth.adminPassword();
    if (password == null || password.isBlank() || auth.oidc().enabled()) {
      return;
    }
    String hash = passwords.encode(password);
    switch (AdminAccount.decide(users.find(auth.adminUsername()))) {
      case CREATE ->
          users.create(new User(auth.adminUsername(), hash, Viewer.Role.ADMIN, clock.instant()));
      case RESET_PASSWORD -> users.setPassword(auth.adminUsername(), hash, Viewer.Role.ADMIN);
      case REFUSE ->
          throw new IllegalStateException(
              "the admin account '"
                  + auth.adminUsername()
                  + "' exists as an ordinary user and will not be promoted: set"
                  + " TRAINYARD_ADMIN_USER to a name nobody holds");
    }
    publisher.publishAndWait(
        "signed-up-" + auth.adminUsername(), new UserSignedUp(auth.adminUsername()));
  }

  @PostMapping("/api/auth/signup")
  @ResponseStatus(HttpStatus.CREATED)
  Mono<Me> signup(@RequestBody Credentials body, ServerHttpRequest request) {
    localLogin();
    if (!auth.signupEnabled()) {
      throw new ApiException(
          HttpStatus.FORBIDDEN, "Sign-up is off", "ask an administrator for an account", List.of());
    }
    throttle(request, body.username());
    List<Violation> violations = Requests.checkSignup(body.username(), body.password());
    if (violations.isEmpty() && reserved(body.username())) {
      violations = List.of(new Violation("username", "'" + body.username() + "' is reserved"));
    }
    if (!violations.isEmpty()) {
      throw ApiException.invalid(violations);
    }
    return Api.blocking(
        () -> {
          // Announced before the row exists, so no account is ever without its MLflow account;
          // announcing a name that turns out taken sets up nothing new.
          publisher.publishAndWait(
              "signed-up-" + body.username(), new UserSignedUp(body.username()));
          User user =
              new User(
                  body.username(),
                  passwords.encode(body.password()),
                  Viewer.Role.USER,
                  clock.instant());
          if (!users.create(user)) {
            throw ApiException.conflict(
                "username", "the user name '" + body.username() + "' is taken");
          }
          return Me.of(new Viewer(user.username(), user.role()));
        });
  }

  @PostMapping("/api/auth/login")
  Mono<ResponseEntity<Session>> login(@RequestBody Credentials body, ServerHttpRequest request) {
    localLogin();
    if (body.username() == null || body.password() == null) {
      throw ApiException.invalid(body.username() == null ? "username" : "password", "is required");
    }
    throttle(request, body.username());
    return Api.blocking(
        () -> {
          var user = users.find(body.username());
          boolean matches =
              passwords.matches(
                  body.password(),
                  user.map(User::passwordHash).filter(h -> h != null).orElse(dummyHash));
          if (user.isEmpty() || !matches) {
            throw new ApiException(
                HttpStatus.UNAUTHORIZED,
                "Not authenticated",
                "wrong user name or password",
                List.of());
          }
          Viewer viewer = new Viewer(user.get().username(), user.get().role());
          SessionTokens.Issued issued = sessions.issue(viewer);
          return ResponseEntity.ok()
              .header(
                  HttpHeaders.SET_COOKIE,
                  cookie(issued.token(), Duration.between(clock.instant(), issued.expiresAt()))
                      .toString())
              .body(new Session(issued.token(), issued.expiresAt(), Me.of(viewer)));
        });
  }

  @PostMapping("/api/auth/logout")
  Mono<ResponseEntity<Void>> logout(ViewerAuthentication caller) {
    Mono<Void> revoke =
        caller.sessionId() == null
            ? Mono.empty()
            : Mono.<Void>fromRunnable(
                    () -> {
                      users.revokeSession(caller.sessionId(), caller.expiresAt());
                      tokens.forgetSession(caller.sessionId());
                    })
                .subscribeOn(Schedulers.boundedElastic());
    return revoke.then(
        Mono.just(
            ResponseEntity.noContent()
                .header(HttpHeaders.SET_COOKIE, cookie("", Duration.ZERO).toString())
                .build()));
  }

  @GetMapping("/api/me")
  Me me(ViewerAuthentication caller) {
    return Me.of(caller.viewer());
  }

  @PostMapping("/api/tokens")
  @ResponseStatus(HttpStatus.CREATED)
  Mono<TokenResponse> createToken(ViewerAuthentication caller, @RequestBody TokenRequest body) {
    if (body.name() == null || body.name().isBlank() || body.name().length() > 64) {
      throw ApiException.invalid("name", "1 to 64 characters");
    }
    if (body.expiresInDays() != null && (body.expiresInDays() < 1 || body.expiresInDays() > 3650)) {
      throw ApiException.invalid("expiresInDays", "must be from 1 to 3650, or left out");
    }
    Viewer viewer = caller.viewer();
    return Api.blocking(
        () -> {
          if (users.create(new User(viewer.username(), null, viewer.role(), clock.instant()))) {
            publisher.publishAndWait(
                "signed-up-" + viewer.username(), new UserSignedUp(viewer.username()));
          }
          byte[] raw = new byte[32];
          RANDOM.nextBytes(raw);
          String secret =
              TokenAuthentication.API_TOKEN_PREFIX
                  + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
          Instant now = clock.instant();
          Instant expires =
              now.plus(
                  body.expiresInDays() == null
                      ? auth.apiTokenTtl()
                      : Duration.ofDays(body.expiresInDays()));
          ApiToken token =
              new ApiToken(
                  UUID.randomUUID().toString(), viewer.username(), body.name(), now, expires);
          users.saveToken(token, TokenAuthentication.hash(secret));
          return new TokenResponse(token.id(), token.name(), now, expires, secret);
        });
  }

  @GetMapping("/api/tokens")
  Mono<List<TokenResponse>> listTokens(ViewerAuthentication caller) {
    return Api.blocking(
        () ->
            users.tokens(caller.viewer().username()).stream()
                .map(t -> new TokenResponse(t.id(), t.name(), t.createdAt(), t.expiresAt(), null))
                .toList());
  }

  @DeleteMapping("/api/tokens/{id}")
  Mono<ResponseEntity<Void>> deleteToken(ViewerAuthentication caller, @PathVariable String id) {
    return Api.blocking(
        () -> {
          if (!users.deleteToken(caller.viewer().username(), id)) {
            throw ApiException.notFound("token " + id);
          }
          tokens.forgetApiTokens();
          return ResponseEntity.noContent().<Void>build();
        });
  }

  /** The admin's name, whatever it is configured to, and the default one, are nobody else's. */
  private boolean reserved(String username) {
    return username.equals(auth.adminUsername()) || username.equals("admin");
  }

  /** Tries per client address and per user name, so neither guessing nor spraying is cheap. */
  private void throttle(ServerHttpRequest request, String username) {
    String client =
        request.getRemoteAddress() == null
            ? "unknown"
            : request.getRemoteAddress().getAddress().getHostAddress();
    Duration wait = perClient.take("client:" + client);
    if (wait.isZero() && username != null) {
      wait = perName.take("name:" + username.toLowerCase(java.util.Locale.ROOT));
    }
    if (!wait.isZero()) {
      throw new RateLimitedException(wait, "too many log-in or sign-up tries");
    }
  }

  private void localLogin() {
    if (auth.oidc().enabled()) {
      throw new ApiException(
          HttpStatus.NOT_FOUND,
          "Not found",
          "this installation logs in through its identity provider",
          List.of());
    }
  }

  private ResponseCookie cookie(String value, Duration maxAge) {
    return ResponseCookie.from(SecurityConfiguration.COOKIE, value)
        .httpOnly(true)
        .secure(auth.secureCookie())
        .sameSite("Strict")
        .path("/")
        .maxAge(maxAge)
        .build();
  }
}
