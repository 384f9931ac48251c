package io.trainyard.bench;

import io.trainyard.contracts.codec.CloudEvent;
import io.trainyard.contracts.codec.CloudEventCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The receiving side, in its own JVM as a service would be: reads each record, decodes and
 * validates it as every Trainyard consumer does, and measures how long ago it was produced.
 */
public final class LatencyConsumer {

  private LatencyConsumer() {}

  public static void main(String[] args) {
    String bootstrap = args[0];
    String topic = args[1];
    int warmup = Integer.parseInt(args[2]);
    int measured = Integer.parseInt(args[3]);
    CloudEventCodec codec = new CloudEventCodec();
    Clock clock = Clock.systemUTC();
    long[] micros = new long[measured];
    int seen = 0;
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            EventLatencyBench.with(
                io.trainyard.launcher.LocalKafka.client(bootstrap, args[4], args[5]),
                Map.of(
                    ConsumerConfig.GROUP_ID_CONFIG,
                    "bench-" + System.nanoTime(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                    "latest",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                    "false")),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(
          List.of(topic),
          new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(java.util.Collection<TopicPartition> partitions) {}

            @Override
            public void onPartitionsAssigned(java.util.Collection<TopicPartition> partitions) {
              consumer.seekToEnd(partitions);
              partitions.forEach(consumer::position);
              System.out.println("READY");
              System.out.flush();
            }
          });
      while (seen < warmup + measured) {
        var records = consumer.poll(Duration.ofMillis(100));
        for (ConsumerRecord<String, byte[]> record : records) {
          CloudEvent event =
              codec.decode(
                  name -> {
                    Header h = record.headers().lastHeader(name);
                    return h == null ? null : h.value();
                  },
                  record.value());
          long latency = ChronoUnit.MICROS.between(event.time(), clock.instant());
          if (seen >= warmup) {
            micros[seen - warmup] = latency;
          }
          seen++;
        }
        consumer.commitAsync();
      }
    }
    System.out.println("RESULT " + Percentiles.of(micros).summary());
    System.out.println("P99_MS " + Percentiles.of(micros).millis(99));
  }
}
