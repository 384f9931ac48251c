package io.trainyard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of this machine and of one process, from {@code /proc}: what a benchmark's load cost
 * each part, to show what bounds it when every part shares the same cores.
 */
record CpuUse(long machineBusyTicks, long processTicks, long nanos) {

  /** Linux counts CPU time in USER_HZ ticks, 100 a second on every architecture it runs on. */
  private static final double TICKS_PER_SECOND = 100;

  static CpuUse now(long pid) {
    return new CpuUse(machineBusy(), processTicks(pid), System.nanoTime());
  }

  /** Cores kept busy on average since {@code before}: the whole machine, then the process. */
  double[] coresSince(CpuUse before) {
    double seconds = (nanos - before.nanos) / 1e9;
    return new double[] {
      (machineBusyTicks - before.machineBusyTicks) / TICKS_PER_SECOND / seconds,
      (processTicks - before.processTicks) / TICKS_PER_SECOND / seconds
    };
  }

  /** CPU milliseconds the process spent since {@code before}. */
  double processMillisSince(CpuUse before) {
    return (processTicks - before.processTicks) / TICKS_PER_SECOND * 1000;
  }

  private static long machineBusy() {
    String[] f = read(Path.of("/proc/stat")).lines().findFirst().orElseThrow().trim().split("\\s+");
    // cpu user nice system idle iowait irq softirq steal ...: busy is all but idle and iowait.
    long busy = 0;
    for (int i = 1; i < Math.min(f.length, 9); i++) {
      if (i != 4 && i != 5) {
        busy += Long.parseLong(f[i]);
      }
    }
    return busy;
  }

  private static long processTicks(long pid) {
    String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
    // The command name may hold spaces: fields are counted after its closing parenthesis.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
