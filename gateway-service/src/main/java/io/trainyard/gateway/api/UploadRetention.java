package io.trainyard.gateway.api;

import io.trainyard.contracts.job.FileRef;
import io.trainyard.gateway.config.GatewayProperties;
import io.trainyard.gateway.domain.BlobStore;
import io.trainyard.gateway.domain.JobView;
import io.trainyard.gateway.domain.ReadModel;
import io.trainyard.gateway.domain.SweepView;
import io.trainyard.platform.loop.WakeableLoop;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes a job's or a sweep's uploaded code and data once it has ended for longer than the
 * retention: the blob store holds what jobs may still run, not everything ever uploaded. A trial's
 * files are its sweep's, kept until the sweep has ended.
 */
@Component
class UploadRetention extends WakeableLoop {

  private static final Logger log = LoggerFactory.getLogger(UploadRetention.class);
  private static final int BATCH = 100;

  private final ReadModel model;
  private final BlobStore blobs;
  private final Clock clock;
  private final Duration retention;
  private final TransactionTemplate tx;

  UploadRetention(
      ReadModel model,
      BlobStore blobs,
      Clock clock,
      GatewayProperties properties,
      TransactionTemplate tx) {
    super("upload-retention", interval(properties.uploads().retention()));
    this.model = model;
    this.blobs = blobs;
    this.clock = clock;
    this.retention = properties.uploads().retention();
    this.tx = tx;
  }

  /** Often enough to keep to the retention, never more often than once a second. */
  private static Duration interval(Duration retention) {
    Duration half = retention.dividedBy(2);
    Duration tenMinutes = Duration.ofMinutes(10);
    return half.compareTo(tenMinutes) > 0
        ? tenMinutes
        : half.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : half;
  }

  @Override
  protected boolean runOnce() {
    int jobs = deleteExpired();
    return deleteExpiredSweeps() == BATCH || jobs == BATCH;
  }

  /** One batch; how many sweeps' uploads went. */
  int deleteExpiredSweeps() {
    List<SweepView> expired = model.endedSweepsWithUploads(clock.instant().minus(retention), BATCH);
    for (SweepView sweep : expired) {
      sweep.spec().uploads().forEach(blobs::delete);
      tx.executeWithoutResult(
          s -> model.sweepForUpdate(sweep.id()).ifPresent(now -> model.save(now.withoutUploads())));
      log.info("deleted the uploads of sweep {}, ended over {} ago", sweep.id(), retention);
    }
    return expired.size();
  }

  /** One batch; how many jobs' uploads went. */
  int deleteExpired() {
    List<JobView> expired = model.endedWithUploads(clock.instant().minus(retention), BATCH);
    for (JobView job : expired) {
      for (FileRef ref : job.spec().uploads()) {
        blobs.delete(ref);
      }
      tx.executeWithoutResult(
          s -> model.jobForUpdate(job.id()).ifPresent(now -> model.save(now.withoutUploads())));
      log.info("deleted the uploads of job {}, ended over {} ago", job.id(), retention);
    }
    return expired.size();
  }
}
