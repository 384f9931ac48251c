package io.trainyard.contracts.job;

/** An uploaded file in the blob store, by URI, with what is needed to check it arrived whole. */
public record FileRef(String uri, String filename, long sizeBytes, String sha256) {}
