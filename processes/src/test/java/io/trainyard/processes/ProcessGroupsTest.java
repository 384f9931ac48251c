package io.trainyard.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProcessGroupsTest {

  /** A leader that ignores TERM, with children that renamed nothing but would outlive it. */
  private static Process stubborn(String marker) throws Exception {
    return new ProcessBuilder(
            ProcessGroups.ownSession(
                List.of(
                    "sh",
                    "-c",
                    "trap '' TERM; (trap '' TERM; exec sleep 300) & (exec sleep 301) & wait; : "
                        + marker)))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  @Test
  void stoppingAGroupEndsEveryMemberEvenThoseThatIgnoreTermWithinTheGrace() throws Exception {
    Process leader = stubborn("group-test-1");
    awaitMembers(leader.pid(), 3);

    long started = System.nanoTime();
    ProcessGroups.stop(Set.of(leader.pid()), Duration.ofMillis(500));

    assertThat(ProcessGroups.members(Set.of(leader.pid()))).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void aGroupIsFoundFromAnyMemberAndOutlivesItsLeader() throws Exception {
    Process leader = stubborn("group-test-2");
    awaitMembers(leader.pid(), 3);
    leader.toHandle().destroyForcibly();
    leader.waitFor();

    List<ProcessHandle> orphans = ProcessGroups.members(Set.of(leader.pid()));
    assertThat(orphans).hasSize(2);
    assertThat(ProcessGroups.groupsOf(orphans)).containsExactly(leader.pid());

    ProcessGroups.kill(Set.of(leader.pid()));
    assertThat(ProcessGroups.members(Set.of(leader.pid()))).isEmpty();
  }

  @Test
  void ourOwnGroupIsNeverStopped() {
    long own = ProcessGroups.groupOf(ProcessHandle.current().pid()).orElseThrow();

    ProcessGroups.stop(Set.of(own), Duration.ZERO);

    assertThat(ProcessHandle.current().isAlive()).isTrue();
  }

  private static void awaitMembers(long group, int count) throws InterruptedException {
    for (int i = 0; i < 100 && ProcessGroups.members(Set.of(group)).size() < count; i++) {
      Thread.sleep(50);
    }
    assertThat(ProcessGroups.members(Set.of(group))).hasSize(count);
  }
}
