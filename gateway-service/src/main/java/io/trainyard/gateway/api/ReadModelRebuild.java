package io.trainyard.gateway.api;

import io.trainyard.gateway.domain.ConsumerOffsets;
import io.trainyard.gateway.domain.ReadModelStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.stream.binding.BindingsLifecycleController;
import org.springframework.cloud.stream.binding.BindingsLifecycleController.State;
import org.springframework.stereotype.Component;

/**
 * Builds the read model again from the topics: consumption stops, the tables are made anew and
 * empty, the consumer group starts over at the beginning of each topic. Also done at start-up when
 * the tables are missing. With several gateway replicas, the others must be stopped first.
 */
@Component
class ReadModelRebuild implements InitializingBean {

  private static final Logger log = LoggerFactory.getLogger(ReadModelRebuild.class);

  private final ReadModelStore store;
  private final ConsumerOffsets offsets;
  private final BindingsLifecycleController bindings;
  private final EventHub hub;
  private final String group;

  ReadModelRebuild(
      ReadModelStore store,
      ConsumerOffsets offsets,
      BindingsLifecycleController bindings,
      EventHub hub,
      @Value("${spring.cloud.stream.default.group}") String group) {
    this.store = store;
    this.offsets = offsets;
    this.bindings = bindings;
    this.hub = hub;
    this.group = group;
  }

  @Override
  public void afterPropertiesSet() {
    if (!store.present()) {
      log.info("read model tables missing: building them from the topics");
      store.recreate(TopicsListener.CONSUMER);
      offsets.rewind(group);
    }
  }

  synchronized void rebuild() {
    log.info("rebuilding the read model from the topics");
    TopicsListener.BINDINGS.forEach(b -> bindings.changeState(b, State.STOPPED));
    try {
      store.recreate(TopicsListener.CONSUMER);
      offsets.rewind(group);
      hub.restartFromHead();
    } finally {
      TopicsListener.BINDINGS.forEach(b -> bindings.changeState(b, State.STARTED));
    }
    log.info("read model tables made anew; consuming every topic from its beginning");
  }
}
