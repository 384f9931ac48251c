package io.trainyard.gateway;

import io.trainyard.contracts.Stream;
import io.trainyard.testsupport.KafkaBroker;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
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

  private static final Map<Stream, Stream> RECORDED_ON =
      Map.of(Stream.JOB_REQUESTS, Stream.JOBS, Stream.ENVIRONMENT_REQUESTS, Stream.ENVIRONMENTS);

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
                in.subscribe(RECORDED_ON.keySet().stream().map(Stream::defaultTopic).toList());
                while (!Thread.currentThread().isInterrupted()) {
                  for (ConsumerRecord<String, byte[]> r : in.poll(Duration.ofMillis(200))) {
                    Stream from =
                        List.of(Stream.values()).stream()
                            .filter(s -> s.defaultTopic().equals(r.topic()))
                            .findFirst()
                            .orElseThrow();
                    out.send(
                        new ProducerRecord<>(
                            RECORDED_ON.get(from).defaultTopic(),
                            null,
                            r.key(),
                            r.value(),
                            r.headers()));
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
