package io.trainyard.gateway.api;

import io.trainyard.gateway.domain.EventLog;
import io.trainyard.gateway.domain.StoredEvent;
import io.trainyard.platform.loop.WakeableLoop;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Follows the event log and hands each new event to every open stream of this replica. One reader
 * per replica, however many streams: it wakes on PostgreSQL's NOTIFY, reads what is new in order
 * and emits it; each stream picks its owner's events.
 */
@Component
class EventHub extends WakeableLoop {

  private static final int PAGE = 1000;

  private final EventLog log;
  private final Sinks.Many<SseFrame> live = Sinks.many().multicast().directBestEffort();
  private volatile long position = -1;

  EventHub(EventLog log) {
    super("event-hub", Duration.ofMillis(10));
    this.log = log;
  }

  /**
   * Every event from now on, encoded once for every stream; a subscriber must take them as fast as
   * they come or buffer them.
   */
  Flux<SseFrame> live() {
    return live.asFlux();
  }

  long position() {
    return position;
  }

  @Override
  protected boolean runOnce() {
    if (position < 0) {
      position = log.head();
    }
    List<StoredEvent> events =
        log.after(position, Optional.empty(), Optional.empty(), Optional.empty(), PAGE);
    for (StoredEvent e : events) {
      if (live.currentSubscriberCount() > 0) {
        live.emitNext(SseFrame.of(e), Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
      }
      position = e.seq();
    }
    if (events.size() == PAGE) {
      return true;
    }
    try {
      log.awaitAppend(Duration.ofSeconds(1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return true;
  }

  /** After a rebuild numbers start above the old ones; streams carry on from the new head. */
  void restartFromHead() {
    position = -1;
  }
}
