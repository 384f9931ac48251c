package io.trainyard.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KafkaAccessTest {

  @Test
  void eachStateTopicIsWrittenByItsOwnerAndRequestsByTheGatewayOnly() {
    assertThat(KafkaAccess.writes(KafkaAccess.JOB, Stream.JOBS)).isTrue();
    assertThat(KafkaAccess.writes(KafkaAccess.GATEWAY, Stream.JOBS)).isFalse();
    assertThat(KafkaAccess.writes(KafkaAccess.GATEWAY, Stream.ENVIRONMENTS)).isFalse();
    assertThat(KafkaAccess.writes(KafkaAccess.GATEWAY, Stream.JOB_REQUESTS)).isTrue();
    assertThat(KafkaAccess.writes(KafkaAccess.GATEWAY, Stream.ENVIRONMENT_REQUESTS)).isTrue();
    assertThat(KafkaAccess.writes(KafkaAccess.TRACKING, Stream.JOBS)).isFalse();
    assertThat(KafkaAccess.writes(KafkaAccess.GATEWAY, Stream.JOB_LOGS)).isFalse();
    assertThat(KafkaAccess.writes(KafkaAccess.ENVIRONMENT, Stream.TRACKING)).isFalse();
    assertThat(KafkaAccess.writes(KafkaAccess.TRACKING, Stream.TRACKING)).isTrue();
  }

  @Test
  void everyStreamHasOneWriterAndEachRequestStreamOneReaderTheServiceThatTakesIt() {
    for (Stream stream : Stream.values()) {
      long writers =
          KafkaAccess.grants().stream()
              .filter(g -> g.stream() == stream && g.right() == KafkaAccess.Right.WRITE)
              .count();
      if (stream != Stream.DLQ && stream != Stream.INTAKE) {
        assertThat(writers).as(stream.name()).isEqualTo(1);
      }
    }
    assertThat(KafkaAccess.grants())
        .filteredOn(g -> g.stream() == Stream.JOB_REQUESTS && g.right() == KafkaAccess.Right.READ)
        .extracting(KafkaAccess.Grant::principal)
        .containsExactly(KafkaAccess.JOB);
    assertThat(KafkaAccess.grants())
        .filteredOn(
            g -> g.stream() == Stream.ENVIRONMENT_REQUESTS && g.right() == KafkaAccess.Right.READ)
        .extracting(KafkaAccess.Grant::principal)
        .containsExactly(KafkaAccess.ENVIRONMENT);
  }

  @Test
  void noPlatformServiceWritesTheIntakeAndOnlyTheGatewayReadsIt() {
    assertThat(KafkaAccess.grants())
        .filteredOn(g -> g.stream() == Stream.INTAKE)
        .containsExactly(
            new KafkaAccess.Grant(KafkaAccess.GATEWAY, Stream.INTAKE, KafkaAccess.Right.READ));
  }

  @Test
  void everyServiceMayDeadLetterAndNobodyButTheAdminReadsDeadLetters() {
    for (String service : KafkaAccess.SERVICES) {
      assertThat(KafkaAccess.writes(service, Stream.DLQ)).as(service).isTrue();
    }
    assertThat(KafkaAccess.grants())
        .filteredOn(g -> g.stream() == Stream.DLQ && g.right() == KafkaAccess.Right.READ)
        .isEmpty();
  }

  @Test
  void aSystemNameIsAPrincipalAndTopicSuffixAndNothingElse() {
    assertThat(KafkaAccess.validSystemName("acme")).isTrue();
    assertThat(KafkaAccess.validSystemName("acme.jobs")).isFalse();
    assertThat(KafkaAccess.validSystemName("Acme")).isFalse();
    assertThat(KafkaAccess.validSystemName("a")).isFalse();
    assertThat(KafkaAccess.replies("acme")).isEqualTo("trainyard.intake.replies.acme");
  }
}
