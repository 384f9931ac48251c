package io.trainyard.gateway.adapters.db;

import io.trainyard.gateway.domain.Users;
import io.trainyard.gateway.domain.Viewer;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcUsers implements Users {

  private final JdbcClient jdbc;

  JdbcUsers(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Optional<User> find(String username) {
    return jdbc.sql(
            "SELECT username, password_hash, role, created_at FROM app_user WHERE username = ?")
        .param(username)
        .query(
            (rs, i) ->
                new User(
                    rs.getString(1),
                    rs.getString(2),
                    Viewer.Role.valueOf(rs.getString(3)),
                    rs.getTimestamp(4).toInstant()))
        .optional();
  }

  @Override
  public boolean create(User user) {
    return jdbc.sql(
                "INSERT INTO app_user (username, password_hash, role, created_at)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")
            .params(
                user.username(),
                user.passwordHash(),
                user.role().name(),
                Timestamp.from(user.createdAt()))
            .update()
        == 1;
  }

  @Override
  public void setPassword(String username, String passwordHash, Viewer.Role role) {
    jdbc.sql("UPDATE app_user SET password_hash = ?, role = ? WHERE username = ?")
        .params(passwordHash, role.name(), username)
        .update();
  }

  @Override
  public void saveToken(ApiToken token, String secretHash) {
    jdbc.sql(
            "INSERT INTO api_token (id, owner, name, secret_hash, created_at, expires_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)")
        .params(
            token.id(),
            token.owner(),
            token.name(),
            secretHash,
            Timestamp.from(token.createdAt()),
            token.expiresAt() == null ? null : Timestamp.from(token.expiresAt()))
        .update();
  }

  @Override
  public Optional<TokenOwner> tokenOwner(String secretHash, Instant now) {
    return jdbc.sql(
            "SELECT u.username, u.role, t.expires_at FROM api_token t"
                + " JOIN app_user u ON u.username = t.owner"
                + " WHERE t.secret_hash = ? AND (t.expires_at IS NULL OR t.expires_at > ?)")
        .params(secretHash, Timestamp.from(now))
        .query(
            (rs, i) ->
                new TokenOwner(
                    new Viewer(rs.getString(1), Viewer.Role.valueOf(rs.getString(2))),
                    rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant()))
        .optional();
  }

  @Override
  public List<ApiToken> tokens(String owner) {
    return jdbc.sql(
            "SELECT id, owner, name, created_at, expires_at FROM api_token WHERE owner = ?"
                + " ORDER BY created_at")
        .param(owner)
        .query(
            (rs, i) ->
                new ApiToken(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getTimestamp(4).toInstant(),
                    rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant()))
        .list();
  }

  @Override
  public boolean deleteToken(String owner, String id) {
    return jdbc.sql("DELETE FROM api_token WHERE owner = ? AND id = ?").params(owner, id).update()
        == 1;
  }

  @Override
  public void revokeSession(String sessionId, Instant expiresAt) {
    jdbc.sql("DELETE FROM revoked_session WHERE expires_at < now()").update();
    jdbc.sql(
            "INSERT INTO revoked_session (session_id, expires_at) VALUES (?, ?)"
                + " ON CONFLICT DO NOTHING")
        .params(sessionId, Timestamp.from(expiresAt))
        .update();
  }

  @Override
  public boolean sessionRevoked(String sessionId) {
    return jdbc.sql("SELECT count(*) FROM revoked_session WHERE session_id = ?")
            .param(sessionId)
            .query(Long.class)
            .single()
        > 0;
  }
}
