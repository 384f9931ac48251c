package io.trainyard.processes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Stops whole process groups, the one way Trainyard stops what it started on this machine. A
 * process group outlives its leader and holds what the leader forked, including children that
 * renamed themselves (Ray's {@code ray::IDLE} workers): so a group is found from any member and
 * stopped member by member, read from {@code /proc}, TERM first and KILL after a bounded grace.
 */
public final class ProcessGroups {

  private static final Path PROC = Path.of("/proc");

  private ProcessGroups() {}

  /** Processes whose command line contains {@code text}, e.g. a cluster's temp dir. */
  public static List<ProcessHandle> withCommandLine(String text) {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(text)).orElse(false))
        .toList();
  }

  /** The command line of every process that has one, from one read of the process table. */
  public static List<String> commandLines() {
    return ProcessHandle.allProcesses()
        .map(p -> p.info().commandLine())
        .flatMap(Optional::stream)
        .toList();
  }

  /** The group of a process, or empty when it is gone. */
  public static OptionalLong groupOf(long pid) {
    return stat(pid).map(s -> OptionalLong.of(s.group())).orElse(OptionalLong.empty());
  }

  /** The groups these processes lead or belong to. */
  public static Set<Long> groupsOf(Collection<ProcessHandle> processes) {
    Set<Long> groups = new TreeSet<>();
    for (ProcessHandle p : processes) {
      groupOf(p.pid()).ifPresent(groups::add);
    }
    return groups;
  }

  /** Every live process in these groups. */
  public static List<ProcessHandle> members(Set<Long> groups) {
    if (groups.isEmpty()) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(PROC)) {
      return entries
          .map(p -> p.getFileName().toString())
          .filter(name -> !name.isEmpty() && name.chars().allMatch(Character::isDigit))
          .map(Long::parseLong)
          .filter(pid -> stat(pid).map(s -> s.live() && groups.contains(s.group())).orElse(false))
          .map(ProcessHandle::of)
          .flatMap(Optional::stream)
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /**
   * TERM to every member of the groups, then KILL to whatever still lives after {@code grace}.
   * Returns within about {@code grace} plus a second, whatever the processes do.
   */
  public static void stop(Set<Long> groups, Duration grace) {
    Set<Long> own = ownGroup();
    Set<Long> targets = groups.stream().filter(g -> !own.contains(g)).collect(Collectors.toSet());
    members(targets).forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + grace.toNanos();
    while (!members(targets).isEmpty() && System.nanoTime() < deadline && pause(100)) {
      // waiting for the TERM to take effect; an interrupt goes straight to KILL
    }
    for (int round = 0; round < 10; round++) {
      List<ProcessHandle> left = members(targets);
      if (left.isEmpty()) {
        return;
      }
      left.forEach(ProcessHandle::destroyForcibly);
      pause(100);
    }
  }

  /** SIGKILL to every member at once, as a crash would: no shutdown hook runs. */
  public static void kill(Set<Long> groups) {
    Set<Long> own = ownGroup();
    for (int round = 0; round < 10; round++) {
      List<ProcessHandle> left =
          members(groups.stream().filter(g -> !own.contains(g)).collect(Collectors.toSet()));
      if (left.isEmpty()) {
        return;
      }
      left.forEach(ProcessHandle::destroyForcibly);
      pause(100);
    }
  }

  /**
   * {@code command} run through {@code setsid}: it leads a session and group of its own, whose id
   * is its pid, so it outlives its starter and a stop reaches everything it forks.
   */
  public static List<String> ownSession(List<String> command) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : (path + ":/usr/bin:/bin").split(":")) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "setsid");
      if (Files.isExecutable(candidate)) {
        List<String> out = new java.util.ArrayList<>();
        out.add(candidate.toString());
        out.addAll(command);
        return out;
      }
    }
    throw new IllegalStateException("setsid (util-linux) is missing from PATH");
  }

  /** Stops the groups of every process whose command line contains {@code text}. */
  public static void stopByCommandLine(String text, Duration grace) {
    stop(groupsOf(withCommandLine(text)), grace);
  }

  /** Never our own group: a child started without its own session shares it. */
  private static Set<Long> ownGroup() {
    return groupOf(ProcessHandle.current().pid()).stream().boxed().collect(Collectors.toSet());
  }

  private record Stat(char state, long group) {
    boolean live() {
      return state != 'Z' && state != 'X';
    }
  }

  /**
   * {@code /proc/<pid>/stat}: the name in parentheses may hold spaces, so fields follow the last
   * ')'.
   */
  private static Optional<Stat> stat(long pid) {
    try {
      String text = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
      String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
      return Optional.of(new Stat(fields[0].charAt(0), Long.parseLong(fields[2])));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The groups recorded in {@code file}, one per line; a missing file holds none. */
  public static Set<Long> readGroups(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .map(String::strip)
          .filter(l -> !l.isEmpty())
          .map(Long::parseLong)
          .collect(Collectors.toCollection(TreeSet::new));
    } catch (IOException | NumberFormatException e) {
      return new TreeSet<>();
    }
  }

  /** Adds a group to {@code file}, so it can be stopped after a restart of its starter. */
  public static void recordGroup(Path file, long group) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          group + "\n",
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot record process group in " + file, e);
    }
  }

  private static boolean pause(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
