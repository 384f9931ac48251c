package io.trainyard.tracking.api;

import io.trainyard.contracts.user.UserEvent;
import io.trainyard.contracts.user.UserSignedUp;
import io.trainyard.platform.kafka.EventReader;
import io.trainyard.tracking.domain.UserAccounts;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/** A new user's MLflow account, made as they sign up, as the binding {@code onUsers-in-0}. */
@Configuration(proxyBeanMethods = false)
class UserTopicListener {

  private final EventReader reader;
  private final UserAccounts accounts;

  UserTopicListener(EventReader reader, UserAccounts accounts) {
    this.reader = reader;
    this.accounts = accounts;
  }

  @Bean
  Consumer<Message<byte[]>> onUsers() {
    return message -> {
      UserEvent event = reader.read(message, UserEvent.class).event();
      if (event instanceof UserSignedUp signedUp) {
        accounts.ensure(signedUp.username());
      }
    };
  }
}
