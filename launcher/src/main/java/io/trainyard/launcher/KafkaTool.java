package io.trainyard.launcher;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What {@code ./trainyard kafka} does with the local broker: register an outside system (its
 * principal and ACLs, its client config in a file), and produce or consume as any principal whose
 * client config it is given, which is how an outside system's requests are tried by hand.
 */
final class KafkaTool {

  private KafkaTool() {}

  static int run(List<String> args, Map<String, String> env, PrintStream out) throws Exception {
    Map<String, String> flags = flags(args.subList(1, args.size()));
    return switch (args.get(0)) {
      case "system" -> system(flags, env, out);
      case "grant" -> grant(flags, env);
      case "produce" -> produce(flags);
      case "consume" -> consume(flags, out);
      default -> throw new IllegalArgumentException("unknown kafka command " + args.get(0));
    };
  }

  /** --name N --password P --config FILE: the principal system-N, its ACLs, its client file. */
  private static int system(Map<String, String> flags, Map<String, String> env, PrintStream out)
      throws Exception {
    String name = flags.get("name");
    if (!io.trainyard.contracts.KafkaAccess.validSystemName(name)) {
      throw new IllegalArgumentException(
          "a system name is 3 to 32 of a-z, 0-9 and -, starting with a letter");
    }
    String bootstrap = "127.0.0.1:" + env.getOrDefault("TRAINYARD_KAFKA_PORT", "9092");
    String admin = LocalInfrastructure.secret(env, "kafka-admin");
    try (Admin client = Admin.create(LocalKafka.client(bootstrap, "admin", admin))) {
      BrokerAccess.addSystem(client, name, flags.get("password"), 6);
    }
    Properties config = new Properties();
    LocalKafka.client(
            bootstrap, io.trainyard.contracts.KafkaAccess.system(name), flags.get("password"))
        .forEach((k, v) -> config.setProperty(k, v.toString()));
    Path file = Path.of(flags.get("config"));
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (var writer = Files.newBufferedWriter(file)) {
      config.store(writer, "Kafka client config of system " + name);
    }
    file.toFile().setReadable(false, false);
    file.toFile().setReadable(true, true);
    out.println(file);
    return 0;
  }

  /**
   * --bootstrap HOST:PORT [--systems a,b]: on a broker whose admin signs in with PLAIN
   * (TRAINYARD_KAFKA_ADMIN_PASSWORD), each service principal gets its password
   * (TRAINYARD_KAFKA_PASSWORD_GATEWAY_SERVICE, ...) and its ACLs, each system too
   * (TRAINYARD_KAFKA_PASSWORD_SYSTEM_A, ...), and the topics are made: what compose runs once.
   */
  private static int grant(Map<String, String> flags, Map<String, String> env) throws Exception {
    String bootstrap = flags.get("bootstrap");
    Map<String, Object> admin =
        LocalKafka.plainClient(bootstrap, "admin", required(env, "TRAINYARD_KAFKA_ADMIN_PASSWORD"));
    Map<String, String> passwords = new HashMap<>();
    for (String service : io.trainyard.contracts.KafkaAccess.SERVICES) {
      passwords.put(service, required(env, passwordVariable(service)));
    }
    try (Admin client = Admin.create(admin)) {
      BrokerAccess.apply(client, passwords, "trainyard.", 6);
      for (String system : flags.getOrDefault("systems", "").split(",")) {
        if (!system.isBlank()) {
          BrokerAccess.addSystem(
              client, system, required(env, passwordVariable("system-" + system)), 6);
        }
      }
    }
    return 0;
  }

  static String passwordVariable(String principal) {
    return "TRAINYARD_KAFKA_PASSWORD_"
        + principal.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is not set");
    }
    return value;
  }

  /** --config FILE --topic T --key K [--header name=value]...: each line of stdin, one record. */
  private static int produce(Map<String, String> flags) throws Exception {
    Map<String, Object> config = config(flags);
    config.put("acks", "all");
    config.put("max.block.ms", "15000");
    try (var producer =
            new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        ProducerRecord<String, String> record =
            new ProducerRecord<>(flags.get("topic"), flags.get("key"), line);
        String header = flags.get("header");
        if (header != null) {
          int eq = header.indexOf('=');
          record
              .headers()
              .add(
                  header.substring(0, eq),
                  header.substring(eq + 1).getBytes(StandardCharsets.UTF_8));
        }
        producer.send(record).get();
      }
    }
    return 0;
  }

  /** --config FILE --topic T [--key K] [--timeout S]: prints the first value (with key K). */
  private static int consume(Map<String, String> flags, PrintStream out) throws Exception {
    Map<String, Object> config = config(flags);
    config.put(
        "group.id",
        config.get("sasl.jaas.config").toString().replaceAll(".*username=\"([^\"]+)\".*", "$1")
            + "-"
            + UUID.randomUUID());
    config.put("auto.offset.reset", "earliest");
    config.put("enable.auto.commit", "false");
    Instant deadline =
        Instant.now().plusSeconds(Long.parseLong(flags.getOrDefault("timeout", "60")));
    try (var consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(flags.get("topic")));
      while (Instant.now().isBefore(deadline)) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          if (flags.get("key") == null || flags.get("key").equals(r.key())) {
            out.println(r.value());
            return 0;
          }
        }
      }
    }
    System.err.println("nothing on " + flags.get("topic") + " within the timeout");
    return 1;
  }

  private static Map<String, Object> config(Map<String, String> flags) throws Exception {
    Properties file = new Properties();
    try (var reader = Files.newBufferedReader(Path.of(flags.get("config")))) {
      file.load(reader);
    }
    Map<String, Object> config = new HashMap<>();
    file.forEach((k, v) -> config.put(k.toString(), v));
    return config;
  }

  private static Map<String, String> flags(List<String> args) {
    Map<String, String> flags = new HashMap<>();
    for (int i = 0; i + 1 < args.size(); i += 2) {
      if (!args.get(i).startsWith("--")) {
        throw new IllegalArgumentException("expected --flag value, got " + args.get(i));
      }
      flags.put(args.get(i).substring(2), args.get(i + 1));
    }
    return flags;
  }
}
