package io.trainyard.contracts.joblog;

import java.util.List;

/** Lines of a job's output, numbered from 0 per attempt, so a reader can drop lines it has. */
public record JobLogsAppended(
    String jobId, String owner, int attempt, long firstLine, List<String> lines)
    implements JobLogEvent {

  public JobLogsAppended {
    lines = List.copyOf(lines);
  }
}
