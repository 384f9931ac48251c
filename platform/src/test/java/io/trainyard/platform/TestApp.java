package io.trainyard.platform;

import io.trainyard.contracts.codec.CloudEvent;
import io.trainyard.contracts.job.JobEvent;
import io.trainyard.platform.jdbc.Inbox;
import io.trainyard.platform.jdbc.JdbcPlatformConfiguration;
import io.trainyard.platform.kafka.DownstreamUnavailableException;
import io.trainyard.platform.kafka.EventReader;
import io.trainyard.platform.kafka.KafkaPlatformConfiguration;
import io.trainyard.platform.kafka.UnresolvedReferenceException;
import io.trainyard.platform.loop.WakeableLoop;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

@SpringBootApplication
@Import({KafkaPlatformConfiguration.class, JdbcPlatformConfiguration.class})
class TestApp {

  /** The binding {@code onJobs-in-0}: its topic and group come from configuration. */
  @Bean
  Consumer<Message<byte[]>> onJobs(Handler handler) {
    return handler::on;
  }

  /**
   * Handles job events once each. The job id says how it fails: flaky-* is an outage for its first
   * tries, poison-* throws every time, nul-* stores text PostgreSQL refuses, unknown-* names what
   * never comes.
   */
  @Component
  static class Handler {
    static final int FLAKY_FAILURES = 6;

    final List<CloudEvent> handled = new CopyOnWriteArrayList<>();
    final AtomicInteger flakyFailures = new AtomicInteger();
    final AtomicInteger poisonTries = new AtomicInteger();
    final List<String> loggedJobIds = new CopyOnWriteArrayList<>();
    private final EventReader reader;
    private final Inbox inbox;
    private final JdbcClient jdbc;

    Handler(EventReader reader, Inbox inbox, JdbcClient jdbc) {
      this.reader = reader;
      this.inbox = inbox;
      this.jdbc = jdbc;
      jdbc.sql("CREATE TABLE IF NOT EXISTS note (text TEXT NOT NULL)").update();
    }

    void on(Message<byte[]> message) {
      CloudEvent event = reader.read(message, JobEvent.class).envelope();
      loggedJobIds.add(String.valueOf(org.slf4j.MDC.get("jobId")));
      String job = event.subject();
      if (job.startsWith("flaky-") && flakyFailures.incrementAndGet() <= FLAKY_FAILURES) {
        throw new DownstreamUnavailableException("downstream unavailable");
      }
      if (job.startsWith("poison-")) {
        poisonTries.incrementAndGet();
        throw new IllegalStateException("a bug that fails every time");
      }
      if (job.startsWith("unknown-")) {
        throw new UnresolvedReferenceException("job " + job + " is not known here");
      }
      inbox.handleOnce(
          "platform-test",
          event,
          () -> {
            if (job.startsWith("nul-")) {
              jdbc.sql("INSERT INTO note (text) VALUES (?)").param("a\u0000b").update();
            }
            handled.add(event);
          });
    }
  }

  /** A loop whose pass fails with an Error once told to. */
  @Component
  static class FragileLoop extends WakeableLoop {
    final AtomicBoolean breakNow = new AtomicBoolean();

    FragileLoop() {
      super("fragile-loop", Duration.ofMillis(50));
    }

    @Override
    protected boolean runOnce() {
      if (breakNow.get()) {
        throw new OutOfMemoryError("simulated");
      }
      return false;
    }
  }
}
