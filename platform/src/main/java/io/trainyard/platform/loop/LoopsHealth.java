package io.trainyard.platform.loop;

import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** DOWN while any background loop of this service is dead or stalled, with the reason. */
public class LoopsHealth implements HealthIndicator {

  private final ObjectProvider<WakeableLoop> loops;

  public LoopsHealth(ObjectProvider<WakeableLoop> loops) {
    this.loops = loops;
  }

  @Override
  public Health health() {
    List<String> problems =
        loops.orderedStream().map(WakeableLoop::problem).flatMap(Optional::stream).toList();
    Health.Builder health = problems.isEmpty() ? Health.up() : Health.down();
    loops.orderedStream().forEach(l -> health.withDetail(l.name(), l.problem().orElse("running")));
    return health.build();
  }
}
