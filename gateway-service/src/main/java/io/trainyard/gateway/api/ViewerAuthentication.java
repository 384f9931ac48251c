package io.trainyard.gateway.api;

import io.trainyard.gateway.domain.Viewer;
import java.time.Instant;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An authenticated caller, with what can end its credential: a browser session's id (log-out), an
 * API token's hash (revocation), and when it expires.
 */
class ViewerAuthentication extends AbstractAuthenticationToken {

  private final Viewer viewer;
  private final String sessionId;
  private final Instant expiresAt;
  private final String apiTokenHash;

  ViewerAuthentication(Viewer viewer, String sessionId, Instant expiresAt) {
    this(viewer, sessionId, expiresAt, null);
  }

  ViewerAuthentication(Viewer viewer, String sessionId, Instant expiresAt, String apiTokenHash) {
    super(List.of(new SimpleGrantedAuthority("ROLE_" + viewer.role().name())));
    this.viewer = viewer;
    this.sessionId = sessionId;
    this.expiresAt = expiresAt;
    this.apiTokenHash = apiTokenHash;
    setAuthenticated(true);
  }

  Viewer viewer() {
    return viewer;
  }

  String sessionId() {
    return sessionId;
  }

  Instant expiresAt() {
    return expiresAt;
  }

  String apiTokenHash() {
    return apiTokenHash;
  }

  @Override
  public Object getCredentials() {
    return "";
  }

  @Override
  public Object getPrincipal() {
    return viewer;
  }

  @Override
  public String getName() {
    return viewer.username();
  }
}
