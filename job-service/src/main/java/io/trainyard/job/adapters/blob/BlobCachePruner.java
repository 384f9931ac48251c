package io.trainyard.job.adapters.blob;

import io.trainyard.job.config.JobProperties;
import io.trainyard.platform.loop.WakeableLoop;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Hourly, forgets copies fetched from the bucket that no job used for the retention. */
@Component
class BlobCachePruner extends WakeableLoop {

  private static final Logger log = LoggerFactory.getLogger(BlobCachePruner.class);

  private final LocalBlobs blobs;
  private final Clock clock;
  private final Duration retention;

  BlobCachePruner(LocalBlobs blobs, Clock clock, JobProperties properties) {
    super("blob-cache-pruner", Duration.ofHours(1));
    this.blobs = blobs;
    this.clock = clock;
    this.retention = properties.uploads().cacheRetention();
  }

  @Override
  protected boolean runOnce() {
    int removed = blobs.prune(clock.instant().minus(retention));
    if (removed > 0) {
      log.info("forgot {} fetched uploads unused for {}", removed, retention);
    }
    return false;
  }
}
