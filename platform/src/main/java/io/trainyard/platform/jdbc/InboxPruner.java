package io.trainyard.platform.jdbc;

import io.trainyard.platform.loop.WakeableLoop;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Forgets inbox entries older than {@code keep}, hourly, so the inbox does not grow for ever. */
public class InboxPruner extends WakeableLoop {

  private static final Logger log = LoggerFactory.getLogger(InboxPruner.class);

  private final Inbox inbox;
  private final Clock clock;
  private final Duration keep;

  public InboxPruner(Inbox inbox, Clock clock, Duration keep) {
    super("inbox-pruner", Duration.ofHours(1));
    this.inbox = inbox;
    this.clock = clock;
    this.keep = keep;
  }

  @Override
  protected boolean runOnce() {
    int pruned = inbox.prune(clock.instant().minus(keep));
    if (pruned > 0) {
      log.info("forgot {} inbox entries older than {}", pruned, keep);
    }
    return false;
  }
}
