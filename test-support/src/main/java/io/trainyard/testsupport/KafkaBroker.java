package io.trainyard.testsupport;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.kafka.KafkaContainer;

/**
 * A real Kafka broker for the test JVM: Testcontainers when a Docker engine answers, else an
 * in-process KRaft broker. Sets {@code spring.kafka.bootstrap-servers} before Spring starts.
 */
public final class KafkaBroker implements BeforeAllCallback, AutoCloseable {

  private static volatile KafkaBroker current;
  private final String bootstrapServers;
  private final AutoCloseable handle;

  private KafkaBroker(String bootstrapServers, AutoCloseable handle) {
    this.bootstrapServers = bootstrapServers;
    this.handle = handle;
  }

  /** For JUnit; use {@link #bootstrapServers()} in tests. */
  public KafkaBroker() {
    this(null, null);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    current = Shared.get(context, KafkaBroker.class, KafkaBroker::start);
    System.setProperty("spring.kafka.bootstrap-servers", current.bootstrapServers);
  }

  public static String bootstrapServers() {
    if (current == null) {
      throw new IllegalStateException("annotate the test with @ExtendWith(KafkaBroker.class)");
    }
    return current.bootstrapServers;
  }

  private static KafkaBroker start() {
    if (Docker.available()) {
      KafkaContainer container = new KafkaContainer("apache/kafka-native:4.1.1");
      container.start();
      return new KafkaBroker(container.getBootstrapServers(), container::stop);
    }
    EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3);
    broker.brokerProperty("auto.create.topics.enable", "true");
    broker.brokerProperty("log.flush.interval.messages", "1000000");
    broker.afterPropertiesSet();
    return new KafkaBroker(broker.getBrokersAsString(), broker::destroy);
  }

  @Override
  public void close() throws Exception {
    handle.close();
  }
}
