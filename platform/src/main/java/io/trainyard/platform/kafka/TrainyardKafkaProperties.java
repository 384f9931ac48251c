package io.trainyard.platform.kafka;

import io.trainyard.contracts.Stream;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Topic names, this service's CloudEvents source, and how transient failures are retried.
 *
 * @param source the {@code ce_source} of what this service publishes, e.g. /trainyard/job-service
 * @param retryInitial first wait before a failed record is tried again
 * @param retryMax the longest wait between tries; an outage is retried until it passes
 * @param unresolvedWait how long a record naming what is not known yet is retried before it is
 *     dead-lettered
 * @param logRetention how long the job-logs topic keeps lines (zero: as long as the jobs)
 * @param deadLetterRetention how long the dead-letter topic keeps what nobody could handle
 * @param intakeRetention how long the intake keeps outside systems' requests (they hold tokens)
 * @param principal who this service is on the broker ({@code spring.application.name}): it creates
 *     and configures the topics it writes (platform's KafkaAccess)
 * @param partitions partitions of each topic this service creates
 * @param replicas replicas of each topic this service creates (3 on a real cluster)
 */
@ConfigurationProperties("trainyard.kafka")
public record TrainyardKafkaProperties(
    String source,
    Topics topics,
    Duration retryInitial,
    Duration retryMax,
    Duration unresolvedWait,
    Duration logRetention,
    Duration deadLetterRetention,
    Duration intakeRetention,
    String principal,
    int partitions,
    short replicas) {

  public TrainyardKafkaProperties {
    topics =
        topics == null ? new Topics(null, null, null, null, null, null, null, null, null) : topics;
    retryInitial = retryInitial == null ? Duration.ofMillis(200) : retryInitial;
    retryMax = retryMax == null ? Duration.ofSeconds(30) : retryMax;
    unresolvedWait = unresolvedWait == null ? Duration.ofSeconds(60) : unresolvedWait;
    logRetention = logRetention == null ? Duration.ZERO : logRetention;
    deadLetterRetention = deadLetterRetention == null ? Duration.ofDays(30) : deadLetterRetention;
    intakeRetention = intakeRetention == null ? Duration.ofDays(7) : intakeRetention;
    partitions = partitions <= 0 ? 6 : partitions;
    replicas = replicas <= 0 ? 1 : replicas;
  }

  public String topic(Stream stream) {
    return switch (stream) {
      case ENVIRONMENTS -> topics.environments();
      case JOBS -> topics.jobs();
      case ENVIRONMENT_REQUESTS -> topics.environmentRequests();
      case JOB_REQUESTS -> topics.jobRequests();
      case JOB_LOGS -> topics.jobLogs();
      case TRACKING -> topics.tracking();
      case USERS -> topics.users();
      case INTAKE -> topics.intake();
      case DLQ -> topics.dlq();
    };
  }

  public record Topics(
      String environments,
      String jobs,
      String environmentRequests,
      String jobRequests,
      String jobLogs,
      String tracking,
      String users,
      String intake,
      String dlq) {
    public Topics {
      environments = orDefault(environments, Stream.ENVIRONMENTS);
      jobs = orDefault(jobs, Stream.JOBS);
      environmentRequests = orDefault(environmentRequests, Stream.ENVIRONMENT_REQUESTS);
      jobRequests = orDefault(jobRequests, Stream.JOB_REQUESTS);
      jobLogs = orDefault(jobLogs, Stream.JOB_LOGS);
      tracking = orDefault(tracking, Stream.TRACKING);
      users = orDefault(users, Stream.USERS);
      intake = orDefault(intake, Stream.INTAKE);
      dlq = orDefault(dlq, Stream.DLQ);
    }

    private static String orDefault(String topic, Stream stream) {
      return topic == null || topic.isBlank() ? stream.defaultTopic() : topic;
    }
  }
}
