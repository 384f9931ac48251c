package io.trainyard.gateway.api;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.trainyard.gateway.config.GatewayProperties;
import io.trainyard.gateway.domain.Requests;
import io.trainyard.gateway.domain.Users;
import io.trainyard.gateway.domain.Users.ApiToken;
import io.trainyard.gateway.domain.Users.User;
import io.trainyard.gateway.domain.Viewer;
import io.trainyard.gateway.domain.Violation;
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
  private final Clock clock;

  /** Compared against when the user does not exist, so both answers take as long. */
  private final String dummyHash;

  AuthController(
      Users users,
      PasswordEncoder passwords,
      SessionTokens sessions,
      TokenAuthentication tokens,
      GatewayProperties properties,
      Clock clock) {
    this.users = users;
    this.passwords = passwords;
    this.sessions = sessions;
    this.tokens = tokens;
    this.auth = properties.auth();
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

  /** Creates the configured admin account, or resets its password to the configured one. */
  @EventListener(ApplicationReadyEvent.class)
  void bootstrapAdmin() {
    String password = auth.adminPassword();
    if (password == null || password.isBlank() || auth.oidc().enabled()) {
      return;
    }
    String hash = passwords.encode(password);
    if (!users.create(new User(auth.adminUsername(), hash, Viewer.Role.ADMIN, clock.instant()))) {
      users.setPassword(auth.adminUsername(), hash, Viewer.Role.ADMIN);
    }
  }

  @PostMapping("/api/auth/signup")
  @ResponseStatus(HttpStatus.CREATED)
  Mono<Me> signup(@RequestBody Credentials body) {
    localLogin();
    if (!auth.signupEnabled()) {
      throw new ApiException(
          HttpStatus.FORBIDDEN, "Sign-up is off", "ask an administrator for an account", List.of());
    }
    List<Violation> violations = Requests.checkSignup(body.username(), body.password());
    if (!violations.isEmpty()) {
      throw ApiException.invalid(violations);
    }
    return Api.blocking(
        () -> {
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
  Mono<ResponseEntity<Session>> login(@RequestBody Credentials body) {
    localLogin();
    if (body.username() == null || body.password() == null) {
      throw ApiException.invalid(body.username() == null ? "username" : "password", "is required");
    }
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
          users.create(new User(viewer.username(), null, viewer.role(), clock.instant()));
          byte[] raw = new byte[32];
          RANDOM.nextBytes(raw);
          String secret =
              TokenAuthentication.API_TOKEN_PREFIX
                  + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
          Instant now = clock.instant();
          Instant expires =
              body.expiresInDays() == null ? null : now.plus(Duration.ofDays(body.expiresInDays()));
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
