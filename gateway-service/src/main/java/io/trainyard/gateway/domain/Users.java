package io.trainyard.gateway.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Accounts and the personal API tokens of scripts. Secrets are stored only as hashes. */
public interface Users {

  record User(String username, String passwordHash, Viewer.Role role, Instant createdAt) {}

  record ApiToken(String id, String owner, String name, Instant createdAt, Instant expiresAt) {}

  /** Who a live API token acts for, and until when. */
  record TokenOwner(Viewer viewer, Instant expiresAt) {}

  Optional<User> find(String username);

  /** False when the name is taken. */
  boolean create(User user);

  void setPassword(String username, String passwordHash, Viewer.Role role);

  void saveToken(ApiToken token, String secretHash);

  /** The token whose secret hashes to {@code secretHash}, with its owner's role. */
  Optional<TokenOwner> tokenOwner(String secretHash, Instant now);

  List<ApiToken> tokens(String owner);

  boolean deleteToken(String owner, String id);

  void revokeSession(String sessionId, Instant expiresAt);

  boolean sessionRevoked(String sessionId);
}
