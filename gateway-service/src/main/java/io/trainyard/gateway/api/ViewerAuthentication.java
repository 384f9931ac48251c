package io.trainyard.gateway.api;

import io.trainyard.gateway.domain.Viewer;
import java.time.Instant;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** An authenticated caller; a browser session also carries its id, so log-out can end it. */
class ViewerAuthentication extends AbstractAuthenticationToken {

  private final Viewer viewer;
  private final String sessionId;
  private final Instant expiresAt;

  ViewerAuthentication(Viewer viewer, String sessionId, Instant expiresAt) {
    super(List.of(new SimpleGrantedAuthority("ROLE_" + viewer.role().name())));
    this.viewer = viewer;
    this.sessionId = sessionId;
    this.expiresAt = expiresAt;
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
