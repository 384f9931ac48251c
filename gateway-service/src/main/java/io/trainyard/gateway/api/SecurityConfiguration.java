package io.trainyard.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.trainyard.contracts.codec.CloudEventCodec;
import io.trainyard.gateway.config.GatewayProperties;
import io.trainyard.gateway.domain.Users;
import io.trainyard.platform.mlflow.MlflowAccounts;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.AndServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.NegatedServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.OrServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Who may call what. Every API path, stream and proxy needs a token (bearer header or the session
 * cookie); log-in, sign-up, the UI's files, the API description and health do not. Sessions are
 * stateless JWTs, so any replica answers any request. The cookie is SameSite=Strict and the API
 * takes no form posts, which is what keeps cross-site requests out without CSRF tokens.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  static final String COOKIE = "trainyard_session";
  private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

  @Bean
  PasswordEncoder passwordEncoder() {
    return new BCryptPasswordEncoder();
  }

  @Bean
  SessionTokens sessionTokens(GatewayProperties properties, Clock clock) {
    String configured = properties.auth().jwtSecret();
    byte[] secret;
    if (configured == null || configured.isBlank()) {
      log.warn("trainyard.gateway.auth.jwt-secret is not set: sessions end when this process does");
      secret = new byte[32];
      new SecureRandom().nextBytes(secret);
    } else {
      secret = configured.getBytes(StandardCharsets.UTF_8);
      if (secret.length < 32) {
        throw new IllegalStateException("trainyard.gateway.auth.jwt-secret needs 32 bytes or more");
      }
    }
    return new SessionTokens(secret, properties.auth().sessionTtl(), clock);
  }

  @Bean
  TokenAuthentication tokenAuthentication(
      SessionTokens sessions,
      GatewayProperties properties,
      Users users,
      MlflowAccounts mlflow,
      Clock clock) {
    GatewayProperties.Oidc oidc = properties.auth().oidc();
    ReactiveJwtDecoder decoder = oidc.enabled() ? oidcDecoder(oidc) : sessions.decoder();
    return new TokenAuthentication(decoder, oidc, users, mlflow, clock);
  }

  @Bean
  SecurityWebFilterChain securityChain(ServerHttpSecurity http, TokenAuthentication tokens) {
    ServerWebExchangeMatcher open =
        ServerWebExchangeMatchers.pathMatchers("/api/auth/login", "/api/auth/signup");
    ServerWebExchangeMatcher health =
        ServerWebExchangeMatchers.pathMatchers("/actuator/health", "/actuator/health/**");
    ServerWebExchangeMatcher actuator =
        new AndServerWebExchangeMatcher(
            ServerWebExchangeMatchers.pathMatchers("/actuator", "/actuator/**"),
            new NegatedServerWebExchangeMatcher(health));
    ServerWebExchangeMatcher guarded =
        new OrServerWebExchangeMatcher(
            ServerWebExchangeMatchers.pathMatchers("/api/**", "/mlflow", "/mlflow/**"), actuator);
    AuthenticationWebFilter bearer =
        new AuthenticationWebFilter((ReactiveAuthenticationManager) tokens);
    bearer.setServerAuthenticationConverter(SecurityConfiguration::bearerToken);
    bearer.setRequiresAuthenticationMatcher(
        exchange ->
            new NegatedServerWebExchangeMatcher(open)
                .matches(exchange)
                .filter(ServerWebExchangeMatcher.MatchResult::isMatch)
                .flatMap(m -> guarded.matches(exchange)));
    bearer.setAuthenticationFailureHandler(
        (filterExchange, e) ->
            problem(
                filterExchange.getExchange(),
                HttpStatus.UNAUTHORIZED,
                "Not authenticated",
                e.getMessage()));
    bearer.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
    return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
        .requestCache(c -> c.requestCache(NoOpServerRequestCache.getInstance()))
        .addFilterAt(bearer, SecurityWebFiltersOrder.AUTHENTICATION)
        .authorizeExchange(
            a ->
                a.matchers(open)
                    .permitAll()
                    .pathMatchers("/api/admin/**")
                    .hasRole("ADMIN")
                    .matchers(actuator)
                    .hasRole("ADMIN")
                    .matchers(new OrServerWebExchangeMatcher(List.of(guarded)))
                    .authenticated()
                    .anyExchange()
                    .permitAll())
        .exceptionHandling(
            e ->
                e.authenticationEntryPoint(
                        (exchange, ex) ->
                            problem(
                                exchange,
                                HttpStatus.UNAUTHORIZED,
                                "Not authenticated",
                                "log in or send a bearer token"))
                    .accessDeniedHandler(
                        (exchange, ex) ->
                            problem(
                                exchange,
                                HttpStatus.FORBIDDEN,
                                "Forbidden",
                                "this needs the admin role")))
        .build();
  }

  /**
   * The provider's tokens, for this installation only: its audience is required and checked (a
   * token the same provider issued to another application is refused), and so is the issuer when
   * one is configured.
   */
  static ReactiveJwtDecoder oidcDecoder(GatewayProperties.Oidc oidc) {
    NimbusReactiveJwtDecoder decoder =
        NimbusReactiveJwtDecoder.withJwkSetUri(oidc.jwkSetUri()).build();
    decoder.setJwtValidator(oidcChecks(oidc));
    return decoder;
  }

  static OAuth2TokenValidator<Jwt> oidcChecks(GatewayProperties.Oidc oidc) {
    if (oidc.audience() == null || oidc.audience().isBlank()) {
      throw new IllegalStateException(
          "OIDC is on (TRAINYARD_OIDC_JWK_SET_URI) but no audience is set: set"
              + " TRAINYARD_OIDC_AUDIENCE to the client id the provider issues Trainyard's tokens to");
    }
    List<OAuth2TokenValidator<Jwt>> checks = new java.util.ArrayList<>();
    checks.add(
        oidc.issuerUri() != null && !oidc.issuerUri().isBlank()
            ? JwtValidators.createDefaultWithIssuer(oidc.issuerUri())
            : JwtValidators.createDefault());
    checks.add(
        new JwtClaimValidator<List<String>>(
            JwtClaimNames.AUD, aud -> aud != null && aud.contains(oidc.audience())));
    return new DelegatingOAuth2TokenValidator<>(checks);
  }

  private static Mono<org.springframework.security.core.Authentication> bearerToken(
      ServerWebExchange exchange) {
    String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Mono.just(new BearerTokenAuthenticationToken(header.substring(7).trim()));
    }
    if (header != null
        && header.regionMatches(true, 0, "Basic ", 0, 6)
        && exchange.getRequest().getPath().value().startsWith("/mlflow/")) {
      return basic(header.substring(6).trim());
    }
    HttpCookie cookie = exchange.getRequest().getCookies().getFirst(COOKIE);
    if (cookie != null && !cookie.getValue().isBlank()) {
      return Mono.just(new BearerTokenAuthenticationToken(cookie.getValue()));
    }
    return Mono.empty();
  }

  /** MLflow's clients send their user's account as Basic (MLFLOW_TRACKING_USERNAME/PASSWORD). */
  private static Mono<org.springframework.security.core.Authentication> basic(String encoded) {
    String decoded;
    try {
      decoded = new String(java.util.Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Mono.error(new BadCredentialsException("the Basic credentials are not base64"));
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return Mono.error(new BadCredentialsException("the Basic credentials have no ':'"));
    }
    return Mono.just(
        UsernamePasswordAuthenticationToken.unauthenticated(
            decoded.substring(0, colon), decoded.substring(colon + 1)));
  }

  static Mono<Void> problem(
      ServerWebExchange exchange, HttpStatus status, String title, String detail) {
    var response = exchange.getResponse();
    response.setStatusCode(status);
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    if (status == HttpStatus.UNAUTHORIZED) {
      response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", Problems.TYPE + title.toLowerCase().replace(' ', '-'));
    body.put("title", title);
    body.put("status", status.value());
    body.put("detail", detail);
    body.put("instance", exchange.getRequest().getURI().getPath());
    byte[] json;
    try {
      json = CloudEventCodec.mapper().writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      return Mono.error(e);
    }
    return response.writeWith(Mono.just(response.bufferFactory().wrap(json)));
  }
}
