package io.trainyard.job.domain;

/** Why a submission cannot run: the field that is wrong and what is wrong with it. */
public record Rejection(String field, String reason) {}
