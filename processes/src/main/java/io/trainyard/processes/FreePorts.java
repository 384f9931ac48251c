package io.trainyard.processes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;

/**
 * Ports free on this machine now, for the Ray nodes it starts, none handed out twice in this JVM.
 * They are drawn outside the kernel's ephemeral range: a port probed there and released is free for
 * any outgoing connection or bind to port 0 until Ray binds it, and on a busy machine one was taken
 * so, and the raylet that wanted it never started ("Failed to start the grpc server"). Ray's own
 * worker processes take 10002 to 19999, so the draw starts above them.
 */
public final class FreePorts implements IntSupplier {

  static final int LOW = 20_000;

  /** Recently handed-out ports are not handed out again, even by another instance. */
  private static final int REMEMBERED = 4_096;

  private static final Set<Integer> GIVEN =
      Collections.newSetFromMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, Boolean> eldest) {
              return size() > REMEMBERED;
            }
          });

  private static final int[] RANGE = range(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));

  @Override
  public int getAsInt() {
    for (int tries = 0; tries < 10_000; tries++) {
      int port = RANGE.length == 0 ? ephemeral() : draw();
      synchronized (GIVEN) {
        if (!GIVEN.contains(port) && (RANGE.length == 0 || bindable(port))) {
          GIVEN.add(port);
          return port;
        }
      }
    }
    throw new IllegalStateException("no free port found");
  }

  /** Hands out {@code port} itself (one kept from before), so no draw gives it again. */
  public int keep(int port) {
    synchronized (GIVEN) {
      GIVEN.add(port);
    }
    return port;
  }

  /** The ports drawn from: below the ephemeral range, or above it; none when neither is roomy. */
  static int[] range(Path ephemeralRange) {
    int low = 32_768;
    int high = 60_999;
    // readLine, not readString: a /proc file says its size is 0, and readString reads one byte.
    try (var in = Files.newBufferedReader(ephemeralRange)) {
      String[] bounds = in.readLine().trim().split("\\s+");
      low = Integer.parseInt(bounds[0]);
      high = Integer.parseInt(bounds[1]);
    } catch (IOException | RuntimeException e) {
      // Linux's default range, as on every machine this was tried on.
    }
    int below = low - LOW;
    int above = 65_535 - high;
    if (Math.max(below, above) < 1_000) {
      return new int[0];
    }
    return below >= above ? new int[] {LOW, low - 1} : new int[] {high + 1, 65_535};
  }

  private static int draw() {
    return ThreadLocalRandom.current().nextInt(RANGE[0], RANGE[1] + 1);
  }

  private static boolean bindable(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int ephemeral() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
