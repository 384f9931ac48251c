package io.trainyard.gateway.api;

import io.trainyard.contracts.job.FileRef;
import io.trainyard.gateway.config.GatewayProperties;
import io.trainyard.gateway.domain.BlobStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.FormPartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Reads a multipart job submission as it arrives: the {@code spec} part as text, each file straight
 * into the blob store chunk by chunk (hashing as it goes), never whole in memory. A file over its
 * limit is dropped at the first chunk past it.
 */
class Uploads {

  static final int MAX_SPEC_BYTES = 64 * 1024;

  private final BlobStore blobs;
  private final Map<String, Long> maxBytes;

  Uploads(BlobStore blobs, GatewayProperties.Uploads limits) {
    this.blobs = blobs;
    this.maxBytes =
        Map.of("code", limits.maxCodeSize().toBytes(), "data", limits.maxDataSize().toBytes());
  }

  record Received(String spec, FileRef code, FileRef data) {}

  Mono<Received> receive(String owner, Flux<PartEvent> parts) {
    Map<String, Object> got = new HashMap<>();
    return parts
        .windowUntil(PartEvent::isLast)
        .concatMap(
            part ->
                part.switchOnFirst(
                    (first, all) -> {
                      PartEvent head = first.get();
                      if (head == null) {
                        return all.then();
                      }
                      String name = head.name();
                      if (name.equals("spec")) {
                        return got.containsKey("spec")
                            ? all.then(
                                Mono.error(ApiException.invalid("spec", "send the spec once")))
                            : spec(head, all).doOnNext(text -> got.put("spec", text)).then();
                      }
                      if (head instanceof FormPartEvent) {
                        return all.then(
                            Mono.error(
                                ApiException.invalid(
                                    name, "unknown part; send spec, code and data")));
                      }
                      if (head instanceof FilePartEvent file) {
                        if (!maxBytes.containsKey(name) || got.containsKey(name)) {
                          return all.then(
                              Mono.error(
                                  ApiException.invalid(
                                      name,
                                      "unknown or repeated file part; send one code and one data file")));
                        }
                        return store(owner, name, file.filename(), all)
                            .doOnNext(ref -> got.put(name, ref))
                            .then();
                      }
                      return all.then();
                    }))
        .then(
            Mono.fromSupplier(
                () ->
                    new Received(
                        (String) got.get("spec"),
                        (FileRef) got.get("code"),
                        (FileRef) got.get("data"))))
        .doOnError(
            e ->
                got.values().stream()
                    .filter(FileRef.class::isInstance)
                    .forEach(ref -> blobs.delete((FileRef) ref)));
  }

  /**
   * The job as JSON, however the client sent it: a plain field, a field typed application/json
   * (curl's {@code -F 'spec=...;type=application/json'}), or a file part (a browser's Blob).
   */
  private static Mono<String> spec(PartEvent head, Flux<PartEvent> all) {
    if (head instanceof FormPartEvent form) {
      return all.then(Mono.just(form.value()));
    }
    return DataBufferUtils.join(all.map(PartEvent::content), MAX_SPEC_BYTES)
        .map(
            buffer -> {
              try {
                return buffer.toString(StandardCharsets.UTF_8);
              } finally {
                DataBufferUtils.release(buffer);
              }
            })
        .defaultIfEmpty("")
        .onErrorMap(
            DataBufferLimitException.class,
            e -> ApiException.invalid("spec", "at most " + MAX_SPEC_BYTES + " bytes of JSON"));
  }

  /**
   * Receives a submission and hands its spec, read as {@code type}, and its files to {@code then};
   * every refusal, the spec's own included, deletes what was uploaded.
   */
  <T, R> Mono<R> receive(
      String owner,
      Flux<PartEvent> parts,
      Class<T> type,
      String what,
      java.util.function.BiFunction<T, Received, Mono<R>> then) {
    return receive(owner, parts)
        .flatMap(
            received ->
                Mono.defer(() -> then.apply(spec(received, type, what), received))
                    .doOnError(e -> discard(received)));
  }

  /**
   * The request in the spec part as {@code type}; {@code what} names it in the error ("job",
   * "sweep").
   */
  private static <T> T spec(Received received, Class<T> type, String what) {
    String json = received.spec();
    if (json == null || json.isBlank()) {
      throw ApiException.invalid(
          "spec", "a part named spec with the " + what + " as JSON is required");
    }
    try {
      return io.trainyard.contracts.codec.CloudEventCodec.mapper().readValue(json, type);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw ApiException.invalid("spec", "not a " + what + " as JSON: " + e.getOriginalMessage());
    }
  }

  void checkNames(FileRef code, FileRef data) {
    check("code", code, List.of(".py", ".zip"));
    check("data", data, List.of(".csv", ".zip"));
  }

  void discard(Received received) {
    if (received.code() != null) {
      blobs.delete(received.code());
    }
    if (received.data() != null) {
      blobs.delete(received.data());
    }
  }

  private Mono<FileRef> store(String owner, String field, String filename, Flux<PartEvent> all) {
    if (filename == null || filename.isBlank()) {
      return all.then(Mono.error(ApiException.invalid(field, "the file needs a name")));
    }
    String problem = io.trainyard.gateway.domain.Requests.textProblem(filename);
    if (problem != null) {
      return all.then(Mono.error(ApiException.invalid(field, "the file name " + problem)));
    }
    long limit = maxBytes.get(field);
    return Mono.fromCallable(() -> blobs.open(owner, filename))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(
            upload ->
                all.map(PartEvent::content)
                    .publishOn(Schedulers.boundedElastic())
                    .doOnNext(
                        buffer -> {
                          try {
                            write(upload, buffer);
                          } finally {
                            DataBufferUtils.release(buffer);
                          }
                          if (upload.size() > limit) {
                            throw new ApiException(
                                HttpStatus.CONTENT_TOO_LARGE,
                                "Upload too large",
                                field + " is larger than " + limit + " bytes",
                                List.of(
                                    new io.trainyard.gateway.domain.Violation(
                                        field, "at most " + limit + " bytes")));
                          }
                        })
                    .then(Mono.fromCallable(upload::commit))
                    .doOnError(e -> upload.abort())
                    .doOnCancel(upload::abort));
  }

  private static void write(BlobStore.Upload upload, DataBuffer buffer) {
    try (DataBuffer.ByteBufferIterator it = buffer.readableByteBuffers()) {
      while (it.hasNext()) {
        ByteBuffer bytes = it.next();
        upload.write(bytes);
      }
    }
  }

  private static void check(String field, FileRef ref, List<String> suffixes) {
    String problem =
        ref == null ? null : io.trainyard.gateway.domain.Requests.textProblem(ref.filename());
    if (problem != null) {
      throw ApiException.invalid(field, "the file name " + problem);
    }
    if (ref != null
        && suffixes.stream().noneMatch(s -> ref.filename().toLowerCase(Locale.ROOT).endsWith(s))) {
      throw ApiException.invalid(field, "must be one of " + suffixes + ", was " + ref.filename());
    }
  }
}
