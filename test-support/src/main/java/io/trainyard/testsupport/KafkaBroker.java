package io.trainyard.testsupport;

import io.trainyard.contracts.KafkaAccess;
import io.trainyard.launcher.LocalKafka;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Kafka broker for the test JVM: the local stack's own in-process KRaft broker, with SASL
 * and ACLs as {@code KafkaAccess} grants them, so every service under test runs as its own
 * principal. Sets {@code spring.kafka.bootstrap-servers} and the services' password before Spring
 * starts; tests' own clients are the admin ({@link #adminClient()}).
 */
public final class KafkaBroker implements BeforeAllCallback, AutoCloseable {

  /** Every service's password in tests: each still signs in as itself, with its own ACLs. */
  public static final String SERVICE_PASSWORD = "service-password-of-the-tests-0123456789";

  /** The same, so a test app may sign in as the admin by naming it its principal. */
  private static final String ADMIN_PASSWORD = SERVICE_PASSWORD;

  private static volatile KafkaBroker current;
  private final LocalKafka kafka;

  private KafkaBroker(LocalKafka kafka) {
    this.kafka = kafka;
  }

  /** For JUnit; use the static methods in tests. */
  public KafkaBroker() {
    this(null);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    current = Shared.get(context, KafkaBroker.class, KafkaBroker::start);
    System.setProperty("spring.kafka.bootstrap-servers", current.kafka.bootstrapServers());
    System.setProperty("trainyard.kafka.password", SERVICE_PASSWORD);
  }

  private static KafkaBroker current() {
    if (current == null) {
      throw new IllegalStateException("annotate the test with @ExtendWith(KafkaBroker.class)");
    }
    return current;
  }

  public static String bootstrapServers() {
    return current().kafka.bootstrapServers();
  }

  /** A client config with every right, for what tests send and look at. */
  public static Map<String, Object> adminClient() {
    return current().kafka.adminClient();
  }

  /** A client config of {@code principal}, with only that principal's rights. */
  public static Map<String, Object> client(String principal, String password) {
    return LocalKafka.client(bootstrapServers(), principal, password);
  }

  /** Registers outside system {@code name}; its client config, with only its own rights. */
  public static Map<String, Object> addSystem(String name, String password) {
    try (var admin = org.apache.kafka.clients.admin.Admin.create(adminClient())) {
      io.trainyard.launcher.BrokerAccess.addSystem(admin, name, password, 1);
    } catch (Exception e) {
      throw new IllegalStateException("cannot register system " + name, e);
    }
    return client(KafkaAccess.system(name), password);
  }

  /** The services' rights again, on topics named {@code prefix + jobs} and so on. */
  public static void grant(String topicPrefix) {
    try {
      current().kafka.grant(passwords(), topicPrefix);
    } catch (Exception e) {
      throw new IllegalStateException("cannot grant " + topicPrefix + "* on the test broker", e);
    }
  }

  /** Arguments that make a separately started service a client of this broker. */
  public static java.util.List<String> serviceArguments() {
    return java.util.List.of(
        "--spring.kafka.bootstrap-servers=" + bootstrapServers(),
        "--trainyard.kafka.password=" + SERVICE_PASSWORD);
  }

  private static Map<String, String> passwords() {
    Map<String, String> passwords = new HashMap<>();
    KafkaAccess.SERVICES.forEach(s -> passwords.put(s, SERVICE_PASSWORD));
    return passwords;
  }

  private static KafkaBroker start() {
    try {
      LocalKafka kafka =
          LocalKafka.start(
              Files.createTempDirectory("ty-kafka"), freePort(), freePort(), ADMIN_PASSWORD);
      kafka.grant(passwords(), "trainyard.");
      return new KafkaBroker(kafka);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the test broker", e);
    }
  }

  private static int freePort() throws java.io.IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    kafka.close();
  }
}
