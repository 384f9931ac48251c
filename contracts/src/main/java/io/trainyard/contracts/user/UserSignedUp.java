package io.trainyard.contracts.user;

/**
 * An account exists: signed up, first seen through OIDC, or the admin made at start-up. Services
 * that keep something per user (tracking-service: the user's MLflow account) set it up on this.
 */
public record UserSignedUp(String username) implements UserEvent {}
