package io.trainyard.gateway.domain;

/** A wrong field of a request, named the way the client sent it. */
public record Violation(String field, String reason) {}
