package io.trainyard.launcher;

import io.trainyard.contracts.KafkaAccess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the Kafka broker and PostgreSQL of the local stack and keeps them up until SIGTERM. Ports
 * and the data folder come from the environment that {@code ./trainyard up} sets.
 */
public final class LocalInfrastructure {

  private LocalInfrastructure() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("kafka")) {
      System.exit(
          KafkaTool.run(
              java.util.Arrays.asList(args).subList(1, args.length), System.getenv(), System.out));
    }
    Path data = Path.of(env("TRAINYARD_DATA", ".trainyard/data"));
    int kafkaPort = Integer.parseInt(env("TRAINYARD_KAFKA_PORT", "9092"));
    int controllerPort = Integer.parseInt(env("TRAINYARD_KAFKA_CONTROLLER_PORT", "9093"));
    int postgresPort = Integer.parseInt(env("TRAINYARD_POSTGRES_PORT", "55432"));

    LocalPostgres postgres =
        LocalPostgres.start(
            data.resolve("postgres"),
            postgresPort,
            List.of("trainyard_gateway", "trainyard_environments", "trainyard_jobs"));
    Map<String, String> env = System.getenv();
    LocalKafka kafka =
        LocalKafka.start(
            data.resolve("kafka"), kafkaPort, controllerPort, secret(env, "kafka-admin"));
    Map<String, String> passwords = new java.util.HashMap<>();
    for (String service : KafkaAccess.SERVICES) {
      passwords.put(service, secret(env, "kafka-" + service));
    }
    kafka.grant(passwords, "trainyard.");
    System.out.println(
        "trainyard infrastructure ready: kafka "
            + kafka.bootstrapServers()
            + ", postgresql 127.0.0.1:"
            + postgresPort);

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  kafka.close();
                  try {
                    postgres.close();
                  } catch (Exception e) {
                    e.printStackTrace();
                  }
                  stopped.countDown();
                }));
    stopped.await();
  }

  /** A secret of the local stack: a file {@code ./trainyard} made in its secrets folder. */
  static String secret(Map<String, String> env, String name) throws java.io.IOException {
    Path dir = Path.of(env.getOrDefault("TRAINYARD_SECRETS", ".trainyard/secrets"));
    Path file = dir.resolve(name);
    if (!java.nio.file.Files.isRegularFile(file)) {
      throw new IllegalStateException(file + " is missing: ./trainyard up makes it");
    }
    return java.nio.file.Files.readString(file).strip();
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
