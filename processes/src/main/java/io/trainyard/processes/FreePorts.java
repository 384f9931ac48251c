package io.trainyard.processes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * Ports free on this machine now, none handed out twice by one instance: the kernel may give the
 * same ephemeral port to two probes in a row once the first is closed, and a node whose two
 * components got one port refuses to start.
 */
public final class FreePorts implements IntSupplier {

  private final Set<Integer> given = new HashSet<>();

  @Override
  public synchronized int getAsInt() {
    while (true) {
      int port = probe();
      if (given.add(port)) {
        return port;
      }
    }
  }

  /** Hands out {@code port} itself (one kept from before), so no probe gives it again. */
  public synchronized int keep(int port) {
    given.add(port);
    return port;
  }

  private static int probe() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
