package io.trainyard.contracts.joblog;

import io.trainyard.contracts.TrainyardEvent;

public sealed interface JobLogEvent extends TrainyardEvent permits JobLogsAppended {

  String jobId();

  @Override
  default String key() {
    return jobId();
  }
}
