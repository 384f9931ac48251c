package io.trainyard.cli.http;

/**
 * One event of a gateway stream: its number in the log, its name ({@code job.progressed}), its
 * JSON.
 */
public record SseEvent(long id, String name, String data) {}
