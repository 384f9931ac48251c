package io.trainyard.gateway;

import io.trainyard.contracts.Stream;
import io.trainyard.testsupport.KafkaBroker;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plays the part of job-service and environment-service that the gateway's tests need: each request
 * the gateway writes is recorded, as it came, on the owner's stream, which is what those services
 * do first with a request they take. Their own tests prove they do.
 */
final class OwnersTakeRequests {

  /** Each request topic and the state topic its owner records requests on. */
  private static final Map<String, String> RECORDED_ON =
      Map.of(
          Stream.JOB_REQUESTS.defaultTopic(), Stream.JOBS.defaultTopic(),
          Stream.ENVIRONMENT_REQUESTS.defaultTopic(), Stream.ENVIRONMENTS.defaultTopic());

  private static Thread running;

  private OwnersTakeRequests() {}

  static synchronized void start() {
    if (running != null) {
      return;
    }
    Map<String, Object> config = new HashMap<>(KafkaBroker.adminClient());
    Map<String, Object> consumer = new HashMap<>(config);
    consumer.put("group.id", "gateway-tests-owners");
    consumer.put("auto.offset.reset", "earliest");
    Map<String, Object> producer = new HashMap<>(config);
    producer.put("acks", "all");
    running =
        new Thread(
            () -> {
              try (var in =
                      new KafkaConsumer<>(
                          consumer,
                          new StringDeserializer(),
                          new org.apache.kafka.common.serialization.ByteArrayDeserializer());
                  var out =
                      new KafkaProducer<>(
                          producer, new StringSerializer(), new ByteArraySerializer())) {
                in.subscribe(RECORDED_ON.keySet());
                while (!Thread.currentThread().isInterrupted()) {
                  for (ConsumerRecord<String, byte[]> r : in.poll(Duration.ofMillis(200))) {
                    out.send(
                        new ProducerRecord<>(
                            RECORDED_ON.get(r.topic()), null, r.key(), r.value(), r.headers()));
                  }
                  out.flush();
                  in.commitSync();
                }
              }
            },
            "owners-take-requests");
    running.setDaemon(true);
    running.start();
  }
}
