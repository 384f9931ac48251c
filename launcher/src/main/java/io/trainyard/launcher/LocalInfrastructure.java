package io.trainyard.launcher;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the Kafka broker and PostgreSQL of the local stack and keeps them up until SIGTERM. Ports
 * and the data folder come from the environment that {@code ./trainyard up} sets.
 */
public final class LocalInfrastructure {

  private LocalInfrastructure() {}

  public static void main(String[] args) throws Exception {
    Path data = Path.of(env("TRAINYARD_DATA", ".trainyard/data"));
    int kafkaPort = Integer.parseInt(env("TRAINYARD_KAFKA_PORT", "9092"));
    int controllerPort = Integer.parseInt(env("TRAINYARD_KAFKA_CONTROLLER_PORT", "9093"));
    int postgresPort = Integer.parseInt(env("TRAINYARD_POSTGRES_PORT", "55432"));

    LocalPostgres postgres =
        LocalPostgres.start(
            data.resolve("postgres"),
            postgresPort,
            List.of("trainyard_gateway", "trainyard_environments", "trainyard_jobs"));
    LocalKafka kafka = LocalKafka.start(data.resolve("kafka"), kafkaPort, controllerPort);
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

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
