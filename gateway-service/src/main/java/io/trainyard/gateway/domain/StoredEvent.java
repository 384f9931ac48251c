package io.trainyard.gateway.domain;

import java.time.Instant;

/**
 * One event of a user's stream, numbered in commit order; the number is the SSE id a client resumes
 * from.
 */
public record StoredEvent(
    long seq,
    String owner,
    String jobId,
    String environment,
    String sweepId,
    String type,
    String data,
    Instant at) {}
