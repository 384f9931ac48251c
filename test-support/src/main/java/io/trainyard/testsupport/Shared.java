package io.trainyard.testsupport;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;

/** One instance of each real part per test JVM, closed when the JVM's test run ends. */
final class Shared {

  private Shared() {}

  static <T extends AutoCloseable> T get(
      ExtensionContext context, Class<T> type, Supplier<T> start) {
    ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL);
    Closing closing =
        store.getOrComputeIfAbsent(type.getName(), k -> new Closing(start.get()), Closing.class);
    return type.cast(closing.resource());
  }

  private record Closing(AutoCloseable resource)
      implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() throws Throwable {
      resource.close();
    }
  }
}
