package io.trainyard.gateway.domain;

/** Who is asking: a user sees their own things, an admin everyone's. */
public record Viewer(String username, Role role) {

  public enum Role {
    USER,
    ADMIN
  }

  public boolean admin() {
    return role == Role.ADMIN;
  }

  public boolean sees(String owner) {
    return admin() || username.equals(owner);
  }
}
