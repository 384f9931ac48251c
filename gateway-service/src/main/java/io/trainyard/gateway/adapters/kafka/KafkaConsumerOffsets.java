package io.trainyard.gateway.adapters.kafka;

import io.trainyard.gateway.domain.ConsumerOffsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * Rewinds by deleting the group: with {@code auto.offset.reset=earliest} its next member starts at
 * the beginning. Members that just left may still be listed for a moment, so it tries again.
 */
@Component
class KafkaConsumerOffsets implements ConsumerOffsets {

  private final KafkaAdmin kafka;

  KafkaConsumerOffsets(KafkaAdmin kafka) {
    this.kafka = kafka;
  }

  @Override
  public void rewind(String group) {
    try (Admin admin = Admin.create(kafka.getConfigurationProperties())) {
      for (int attempt = 1; ; attempt++) {
        try {
          admin.deleteConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS);
          return;
        } catch (ExecutionException e) {
          if (e.getCause() instanceof GroupIdNotFoundException) {
            return;
          }
          if (!(e.getCause() instanceof GroupNotEmptyException) || attempt == 30) {
            throw new IllegalStateException(
                "cannot rewind consumer group "
                    + group
                    + " (stop its other members first): "
                    + e.getCause().getMessage(),
                e);
          }
          Thread.sleep(1000);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka did not answer while rewinding " + group, e);
    }
  }
}
