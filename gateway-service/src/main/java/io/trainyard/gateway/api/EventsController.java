package io.trainyard.gateway.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.trainyard.gateway.config.GatewayProperties;
import io.trainyard.gateway.domain.EventLog;
import io.trainyard.gateway.domain.ReadModel;
import io.trainyard.gateway.domain.StoredEvent;
import io.trainyard.gateway.domain.Viewer;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.concurrent.Queues;

/**
 * Server-Sent Events. Each event's id is its number in the log; a client that reconnects with
 * {@code Last-Event-ID} gets exactly what it missed: the live feed is joined first and buffered,
 * the log is read from the given id, and live events at or below the last one sent are skipped. A
 * client too slow for its buffer is disconnected and resumes from the log the same way.
 */
@RestController
@Tag(name = "events")
class EventsController {

  /** What every stream sends, as its OpenAPI description says it. */
  static final String FRAMES =
      "Server-Sent Events: each event's `id` is its number in the log, `event` its type without"
          + " the io.trainyard prefix and version (job.progressed), `data` its JSON; comments"
          + " keep the connection alive, and `ended` says the credential ended the stream";

  private static final int PAGE = 500;

  private final EventHub hub;
  private final EventLog log;
  private final ReadModel model;
  private final GatewayProperties.Streams streams;
  private final TokenAuthentication tokens;

  EventsController(
      EventHub hub,
      EventLog log,
      ReadModel model,
      GatewayProperties properties,
      TokenAuthentication tokens) {
    this.hub = hub;
    this.log = log;
    this.model = model;
    this.streams = properties.streams();
    this.tokens = tokens;
  }

  @Operation(summary = "The caller's events (admins: everyone's) from now, or after Last-Event-ID")
  @ApiResponse(
      responseCode = "200",
      description = FRAMES,
      content =
          @Content(
              mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
              schema = @Schema(type = "string")))
  @GetMapping(path = "/api/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  Flux<DataBuffer> all(
      ViewerAuthentication caller,
      ServerHttpRequest request,
      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
      @RequestParam(name = "after", required = false) String after) {
    Viewer viewer = caller.viewer();
    Optional<String> owner = viewer.admin() ? Optional.empty() : Optional.of(viewer.username());
    Long from = parse(lastEventId != null ? lastEventId : after);
    return stream(
        caller,
        writerOf(request),
        owner,
        Optional.empty(),
        Optional.empty(),
        from == null
            ? Mono.fromCallable(hub::position)
                .flatMap(p -> p < 0 ? Api.blocking(log::head) : Mono.just(p))
            : Mono.just(from));
  }

  @Operation(summary = "One job's events from its submission, or after Last-Event-ID")
  @ApiResponse(
      responseCode = "200",
      description = FRAMES,
      content =
          @Content(
              mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
              schema = @Schema(type = "string")))
  @GetMapping(path = "/api/jobs/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  Flux<DataBuffer> job(
      ViewerAuthentication caller,
      ServerHttpRequest request,
      @PathVariable String id,
      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
      @RequestParam(name = "after", required = false) String after) {
    return fromTheStart(
        caller,
        writerOf(request),
        "job " + id,
        () -> model.job(id).map(j -> j.owner()),
        Optional.of(id),
        Optional.empty(),
        lastEventId != null ? lastEventId : after);
  }

  @Operation(
      summary =
          "One sweep's events and its trials' job events from its request, or after Last-Event-ID")
  @ApiResponse(
      responseCode = "200",
      description = FRAMES,
      content =
          @Content(
              mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
              schema = @Schema(type = "string")))
  @GetMapping(path = "/api/sweeps/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  Flux<DataBuffer> sweep(
      ViewerAuthentication caller,
      ServerHttpRequest request,
      @PathVariable String id,
      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
      @RequestParam(name = "after", required = false) String after) {
    return fromTheStart(
        caller,
        writerOf(request),
        "sweep " + id,
        () -> model.sweep(id).map(w -> w.owner()),
        Optional.empty(),
        Optional.of(id),
        lastEventId != null ? lastEventId : after);
  }

  /**
   * One job's or sweep's stream, from its first event or after {@code lastId}; what the caller may
   * not see answers 404, as if it did not exist.
   */
  private Flux<DataBuffer> fromTheStart(
      ViewerAuthentication caller,
      Scheduler writer,
      String what,
      java.util.concurrent.Callable<Optional<String>> ownerOf,
      Optional<String> jobId,
      Optional<String> sweepId,
      String lastId) {
    Viewer viewer = caller.viewer();
    Long from = parse(lastId);
    return Api.blocking(
            () ->
                ownerOf.call().filter(viewer::sees).orElseThrow(() -> ApiException.notFound(what)))
        .flatMapMany(
            owner ->
                stream(
                    caller,
                    writer,
                    Optional.of(owner),
                    jobId,
                    sweepId,
                    Mono.just(from == null ? 0L : from)));
  }

  /**
   * The stream ends, with an {@code ended} event, when the caller's credential does (expiry,
   * log-out, a revoked token): a stream is no way to outlive one.
   */
  private Flux<DataBuffer> stream(
      ViewerAuthentication caller,
      Scheduler writer,
      Optional<String> owner,
      Optional<String> jobId,
      Optional<String> sweepId,
      Mono<Long> start) {
    Predicate<StoredEvent> mine =
        e ->
            owner.map(o -> o.equals(e.owner())).orElse(true)
                && jobId.map(j -> j.equals(e.jobId())).orElse(true)
                && sweepId.map(w -> w.equals(e.sweepId())).orElse(true);
    return Flux.defer(
        () -> {
          Sinks.Many<SseFrame> buffer =
              Sinks.many()
                  .unicast()
                  .onBackpressureBuffer(Queues.<SseFrame>get(streams.buffer()).get());
          var joined =
              hub.live()
                  .filter(f -> mine.test(f.event()))
                  .subscribe(
                      e -> {
                        if (buffer.tryEmitNext(e).isFailure()) {
                          buffer.tryEmitError(
                              new IllegalStateException("client too slow; reconnect to resume"));
                        }
                      });
          AtomicLong sent = new AtomicLong();
          Flux<SseFrame> events =
              start
                  .flatMapMany(
                      from -> {
                        sent.set(from);
                        return Flux.concat(
                            replay(owner, jobId, sweepId, from).map(SseFrame::of),
                            buffer.asFlux().publishOn(writer));
                      })
                  .filter(f -> f.event().seq() > sent.get())
                  .doOnNext(f -> sent.set(f.event().seq()));
          Flux<SseFrame> heartbeats =
              Flux.interval(streams.heartbeat()).map(i -> SseFrame.HEARTBEAT);
          return Flux.concat(
                  Flux.just(SseFrame.CONNECTED),
                  Flux.merge(events, heartbeats)
                      .takeUntilOther(tokens.ended(caller, streams.heartbeat())),
                  Flux.just(SseFrame.ENDED))
              .map(SseFrame::buffer)
              .doFinally(signal -> joined.dispose());
        });
  }

  /**
   * Where a stream's live events go on: its connection's own event loop, so that the one thread
   * that hands each event to every stream only queues it, and the writes happen where Netty writes
   * without another handover, on every loop at once (2,000 streams had one thread encode and hand
   * over each write, and the last stream got an event 40 to 120 ms after the first).
   */
  private static Scheduler writerOf(ServerHttpRequest request) {
    Object connection = ServerHttpRequestDecorator.getNativeRequest(request);
    return connection instanceof reactor.netty.Connection c
        ? WRITERS.computeIfAbsent(c.channel().eventLoop(), Schedulers::fromExecutor)
        : Schedulers.immediate();
  }

  private static final java.util.Map<java.util.concurrent.Executor, Scheduler> WRITERS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** The log after {@code from}, page by page, until a page comes back short. */
  private Flux<StoredEvent> replay(
      Optional<String> owner, Optional<String> jobId, Optional<String> sweepId, long from) {
    return Api.blocking(() -> log.after(from, owner, jobId, sweepId, PAGE))
        .flatMapMany(
            page ->
                page.size() < PAGE
                    ? Flux.fromIterable(page)
                    : Flux.concat(
                        Flux.fromIterable(page),
                        replay(owner, jobId, sweepId, page.get(page.size() - 1).seq())));
  }

  private static Long parse(String id) {
    if (id == null || id.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(id.trim());
    } catch (NumberFormatException e) {
      throw ApiException.invalid("Last-Event-ID", "must be an id this stream sent");
    }
  }
}
