package io.trainyard.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node KRaft broker on a fixed loopback port, its log under {@code dir}, that
 * authenticates every client (SASL/SCRAM-SHA-512) and authorizes it by ACLs (the standard
 * authorizer, nothing allowed without an ACL). The controller listener takes the admin only (SASL
 * PLAIN with a fixed user list: SCRAM credentials live in the metadata the controller serves). The
 * log directory is formatted on first start only, so a restart keeps every topic and offset.
 */
public final class LocalKafka implements AutoCloseable {

  public static final String MECHANISM = "SCRAM-SHA-512";

  private final KafkaRaftServer server;
  private final int port;
  private final String adminPassword;

  private LocalKafka(KafkaRaftServer server, int port, String adminPassword) {
    this.server = server;
    this.port = port;
    this.adminPassword = adminPassword;
  }

  public static LocalKafka start(Path dir, int port, int controllerPort, String adminPassword)
      throws Exception {
    if (adminPassword == null || adminPassword.length() < 16 || adminPassword.contains("\"")) {
      throw new IllegalArgumentException("the broker's admin password needs 16 plain characters");
    }
    Path logDir = dir.toAbsolutePath();
    Files.createDirectories(logDir);
    Properties props = new Properties();
    props.put("node.id", "1");
    props.put("process.roles", "broker,controller");
    props.put(
        "listeners",
        "SASL_PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    props.put("advertised.listeners", "SASL_PLAINTEXT://127.0.0.1:" + port);
    props.put("controller.listener.names", "CONTROLLER");
    props.put(
        "listener.security.protocol.map",
        "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
    props.put("inter.broker.listener.name", "SASL_PLAINTEXT");
    props.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
    props.put("sasl.mechanism.controller.protocol", "PLAIN");
    props.put("listener.name.sasl_plaintext.sasl.enabled.mechanisms", MECHANISM);
    props.put("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config", scram(adminPassword));
    props.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
    props.put(
        "listener.name.controller.plain.sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\""
            + " password=\""
            + adminPassword
            + "\" user_admin=\""
            + adminPassword
            + "\";");
    props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    props.put("super.users", "User:admin");
    props.put("allow.everyone.if.no.acl.found", "false");
    props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    props.put("log.dirs", logDir.toString());
    props.put("offsets.topic.replication.factor", "1");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    // Only a principal with CREATE on a topic (an ACL) gets it made by asking for it.
    props.put("auto.create.topics.enable", "true");
    props.put("num.partitions", "6");
    KafkaConfig config = KafkaConfig.fromProps(props, false);

    if (!Files.exists(logDir.resolve("meta.properties"))) {
      new Formatter()
          .setPrintStream(System.out)
          .setNodeId(1)
          .setClusterId(Uuid.randomUuid().toString())
          .setDirectories(List.of(logDir.toString()))
          .setMetadataLogDirectory(logDir.toString())
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
          .setControllerListenerName("CONTROLLER")
          .setScramArguments(List.of("SCRAM-SHA-512=[name=admin,password=" + adminPassword + "]"))
          .run();
    }
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    server.startup();
    return new LocalKafka(server, port, adminPassword);
  }

  static String scram(String user, String password) {
    return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
        + user
        + "\" password=\""
        + password
        + "\";";
  }

  private static String scram(String adminPassword) {
    return scram("admin", adminPassword);
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** What a client needs to be {@code user} on this broker. */
  public static Map<String, Object> client(String bootstrap, String user, String password) {
    Map<String, Object> config = new HashMap<>();
    config.put("bootstrap.servers", bootstrap);
    config.put("security.protocol", "SASL_PLAINTEXT");
    config.put("sasl.mechanism", MECHANISM);
    config.put("sasl.jaas.config", scram(user, password));
    return config;
  }

  /** The admin of a broker that takes it with PLAIN (compose's, the chart's StatefulSet). */
  public static Map<String, Object> plainClient(String bootstrap, String user, String password) {
    Map<String, Object> config = client(bootstrap, user, password);
    config.put("sasl.mechanism", "PLAIN");
    config.put(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
            + user
            + "\" password=\""
            + password
            + "\";");
    return config;
  }

  public Map<String, Object> adminClient() {
    return client(bootstrapServers(), "admin", adminPassword);
  }

  /** Grants the platform's principals their rights (and passwords) and creates its topics. */
  public void grant(Map<String, String> passwords, String topicPrefix) throws Exception {
    try (Admin admin = Admin.create(adminClient())) {
      BrokerAccess.apply(admin, passwords, topicPrefix, 6);
    }
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }
}
