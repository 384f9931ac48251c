package io.trainyard.platform.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WakeableLoopTest {

  @Test
  void aLoopWaitsBetweenPassesWhatItsIdleSaysAfterEachPass() throws Exception {
    AtomicInteger passes = new AtomicInteger();
    var loop =
        new WakeableLoop("test", Duration.ofHours(1)) {
          volatile boolean hurried;

          @Override
          protected boolean runOnce() {
            passes.incrementAndGet();
            return false;
          }

          @Override
          protected Duration idle() {
            return hurried ? Duration.ofMillis(10) : super.idle();
          }
        };
    loop.start();
    try {
      await().atMost(Duration.ofSeconds(5)).until(() -> passes.get() == 1);
      Thread.sleep(300);
      assertThat(passes).as("an hour's idle: no second pass unwoken").hasValue(1);

      loop.hurried = true;
      loop.wake();
      await().atMost(Duration.ofSeconds(5)).until(() -> passes.get() >= 10);
    } finally {
      loop.stop();
    }
  }
}
