package io.trainyard.contracts.job;

import io.trainyard.contracts.TrainyardEvent;

public sealed interface JobEvent extends TrainyardEvent
    permits JobSubmitted,
        JobRejected,
        JobQueued,
        JobStarted,
        JobProgressed,
        JobPaused,
        JobResumed,
        JobSucceeded,
        JobFailed,
        JobCancelRequested,
        JobCancelled {

  String jobId();

  String owner();

  @Override
  default String key() {
    return jobId();
  }
}
