package io.trainyard.launcher;

import io.trainyard.contracts.KafkaAccess;
import io.trainyard.contracts.Stream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Grants on a broker what {@link KafkaAccess} says, through its admin: a SCRAM credential per
 * principal, the ACLs of each, and the platform's topics created up front so no service needs more
 * than its own rights to start. Every step is an upsert, so it runs on each start.
 */
public final class BrokerAccess {

  public static final ScramMechanism MECHANISM = ScramMechanism.SCRAM_SHA_512;
  private static final int ITERATIONS = 8192;

  private BrokerAccess() {}

  /** The ACLs of the platform's services, for topics named {@code prefix + stream's name}. */
  public static List<AclBinding> serviceBindings(String topicPrefix) {
    List<AclBinding> out = new ArrayList<>();
    for (KafkaAccess.Grant grant : KafkaAccess.grants()) {
      String topic = topicName(topicPrefix, grant.stream());
      if (grant.right() == KafkaAccess.Right.WRITE) {
        for (AclOperation op :
            List.of(
                AclOperation.WRITE,
                AclOperation.CREATE,
                AclOperation.DESCRIBE_CONFIGS,
                AclOperation.ALTER_CONFIGS)) {
          out.add(allow(grant.principal(), ResourceType.TOPIC, topic, PatternType.LITERAL, op));
        }
      } else {
        out.add(
            allow(
                grant.principal(),
                ResourceType.TOPIC,
                topic,
                PatternType.LITERAL,
                AclOperation.READ));
      }
    }
    for (String service : KafkaAccess.SERVICES) {
      for (AclOperation op :
          List.of(AclOperation.READ, AclOperation.DESCRIBE, AclOperation.DELETE)) {
        out.add(allow(service, ResourceType.GROUP, service, PatternType.PREFIXED, op));
      }
    }
    String replies = topicPrefix + KafkaAccess.REPLIES_PREFIX.substring("trainyard.".length());
    for (AclOperation op : List.of(AclOperation.WRITE, AclOperation.CREATE)) {
      out.add(allow(KafkaAccess.GATEWAY, ResourceType.TOPIC, replies, PatternType.PREFIXED, op));
    }
    return out;
  }

  /** An outside system: it writes the intake and reads its own answers, nothing else. */
  public static List<AclBinding> systemBindings(String system) {
    String principal = KafkaAccess.system(system);
    return List.of(
        allow(
            principal,
            ResourceType.TOPIC,
            Stream.INTAKE.defaultTopic(),
            PatternType.LITERAL,
            AclOperation.WRITE),
        allow(
            principal,
            ResourceType.TOPIC,
            KafkaAccess.replies(system),
            PatternType.LITERAL,
            AclOperation.READ),
        allow(principal, ResourceType.GROUP, principal, PatternType.PREFIXED, AclOperation.READ));
  }

  /** Upserts each principal's password and its ACLs, and creates the platform's topics. */
  public static void apply(
      Admin admin, Map<String, String> passwords, String topicPrefix, int partitions)
      throws Exception {
    List<UserScramCredentialUpsertion> users = new ArrayList<>();
    passwords.forEach(
        (user, password) ->
            users.add(
                new UserScramCredentialUpsertion(
                    user, new ScramCredentialInfo(MECHANISM, ITERATIONS), password)));
    admin.alterUserScramCredentials(List.copyOf(users)).all().get(60, TimeUnit.SECONDS);
    admin.createAcls(serviceBindings(topicPrefix)).all().get(60, TimeUnit.SECONDS);
    List<NewTopic> topics = new ArrayList<>();
    for (Stream stream : Stream.values()) {
      topics.add(new NewTopic(topicName(topicPrefix, stream), partitions, (short) 1));
    }
    createIfMissing(admin, topics);
  }

  /** Registers an outside system with {@code password}; answers go to its own reply topic. */
  public static void addSystem(Admin admin, String system, String password, int partitions)
      throws Exception {
    admin
        .alterUserScramCredentials(
            List.of(
                new UserScramCredentialUpsertion(
                    KafkaAccess.system(system),
                    new ScramCredentialInfo(MECHANISM, ITERATIONS),
                    password)))
        .all()
        .get(60, TimeUnit.SECONDS);
    admin.createAcls(systemBindings(system)).all().get(60, TimeUnit.SECONDS);
    createIfMissing(
        admin, List.of(new NewTopic(KafkaAccess.replies(system), partitions, (short) 1)));
  }

  private static void createIfMissing(Admin admin, List<NewTopic> topics) throws Exception {
    var results = admin.createTopics(topics).values();
    for (var result : results.values()) {
      try {
        result.get(60, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    }
  }

  private static String topicName(String prefix, Stream stream) {
    return prefix + stream.defaultTopic().substring("trainyard.".length());
  }

  private static AclBinding allow(
      String principal, ResourceType type, String name, PatternType pattern, AclOperation op) {
    return new AclBinding(
        new ResourcePattern(type, name, pattern),
        new AccessControlEntry("User:" + principal, "*", op, AclPermissionType.ALLOW));
  }
}
