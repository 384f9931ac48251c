package io.trainyard.environment.domain;

import java.time.Duration;

/**
 * @param provisioning how long an environment may stay not-ready before it fails with the last
 *     reason seen
 * @param idle how long a ready environment may go without a job before it is deleted
 */
public record Timeouts(Duration provisioning, Duration idle) {}
