package io.trainyard.contracts.job;

public record JobCancelled(String jobId, String owner, int attempt) implements JobEvent {}
