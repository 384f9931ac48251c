package io.trainyard.contracts.codec;

import java.util.Map;

/** A CloudEvent in Kafka binary mode: key, {@code ce_*} headers, the data as the value. */
public record EncodedEvent(String key, Map<String, byte[]> headers, byte[] value) {}
