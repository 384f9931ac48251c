package io.trainyard.contracts.job;

public record JobCancelRequested(String jobId, String owner) implements JobEvent {}
