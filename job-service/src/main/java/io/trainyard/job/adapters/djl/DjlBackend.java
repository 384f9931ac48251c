package io.trainyard.job.adapters.djl;

import io.trainyard.contracts.codec.CloudEventCodec;
import io.trainyard.contracts.template.Templates;
import io.trainyard.job.adapters.logs.LogLines;
import io.trainyard.job.config.JobProperties;
import io.trainyard.job.domain.AttemptStatus;
import io.trainyard.job.domain.AttemptStatus.State;
import io.trainyard.job.domain.EnvironmentView;
import io.trainyard.job.domain.Job;
import io.trainyard.job.domain.LogRead;
import io.trainyard.job.domain.TrainingBackend;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs an attempt as a JVM of its own ({@link DjlTrainer}), so that a crash of training never takes
 * job-service down and a cancel is a signal. Everything about an attempt lives in its directory
 * ({@code pid}, {@code log}, {@code exit}, {@code model/}), so job-service finds it again after a
 * restart; the attempt's process keeps running meanwhile.
 */
@Component
class DjlBackend implements TrainingBackend {

  private static final Logger log = LoggerFactory.getLogger(DjlBackend.class);
  private static final String LAUNCHER =
      "org.springframework.boot.loader.launch.PropertiesLauncher";

  private final Path root;

  DjlBackend(JobProperties properties) {
    this.root = properties.djlWorkDir().toAbsolutePath();
  }

  @Override
  public void submit(EnvironmentView env, Job job) {
    Path dir = root.resolve(job.attempt().submissionId());
    if (alive(dir).isPresent() || Files.exists(dir.resolve("exit"))) {
      return; // submitted before a restart: the same attempt, not a second one
    }
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(dir.resolve("stopped"));
      String hp =
          CloudEventCodec.mapper()
              .writeValueAsString(
                  Templates.byId(job.template())
                      .map(t -> t.withDefaults(job.spec().hyperparameters()))
                      .orElse(job.spec().hyperparameters()));
      List<String> java = new ArrayList<>(command());
      java.addAll(List.of(job.template(), hp, dir.toString()));
      // The shell records the exit code, which outlives this service; exec keeps one pid per JVM.
      String script =
          quote(java)
              + " > "
              + quote(dir.resolve("log"))
              + " 2>&1; echo $? > "
              + quote(dir.resolve("exit.tmp"))
              + " && mv "
              + quote(dir.resolve("exit.tmp"))
              + " "
              + quote(dir.resolve("exit"));
      Process process = new ProcessBuilder("setsid", "sh", "-c", script).start();
      Files.writeString(dir.resolve("pid"), Long.toString(process.pid()));
      log.info(
          "started DJL training {} as process {}", job.attempt().submissionId(), process.pid());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public AttemptStatus status(EnvironmentView env, String submissionId) {
    Path dir = root.resolve(submissionId);
    Path exit = dir.resolve("exit");
    try {
      if (Files.exists(exit)) {
        int code = Integer.parseInt(Files.readString(exit).strip());
        if (code == 0 && Files.exists(dir.resolve("model/MLmodel"))) {
          return new AttemptStatus(
              State.SUCCEEDED, null, 0, null, dir.resolve("model").toUri().toString());
        }
        if (Files.exists(dir.resolve("stopped"))) {
          return new AttemptStatus(State.STOPPED, "stopped", code, null);
        }
        return new AttemptStatus(State.FAILED, "DJL training exited with " + code, code, null);
      }
    } catch (IOException | NumberFormatException e) {
      return AttemptStatus.unreachable("unreadable exit code: " + e);
    }
    // No exit code and no process: the machine restarted under it, as a lost head would.
    return alive(dir).isPresent()
        ? AttemptStatus.of(State.RUNNING)
        : AttemptStatus.of(State.NOT_FOUND);
  }

  /** Where the last read of each attempt's log stopped: the next one starts there, not at 0. */
  private final Map<String, long[]> positions = new ConcurrentHashMap<>();

  @Override
  public LogRead logs(EnvironmentView env, String submissionId, long from, int max, boolean ended) {
    Path log = root.resolve(submissionId).resolve("log");
    if (!Files.exists(log)) {
      return LogRead.none();
    }
    long[] at = positions.getOrDefault(submissionId, new long[] {0, 0});
    if (at[0] > from) {
      at = new long[] {0, 0};
    }
    try (FileChannel channel = FileChannel.open(log)) {
      channel.position(at[1]);
      LogLines.Chunk chunk =
          LogLines.read(Channels.newInputStream(channel), from - at[0], max, ended);
      // Only complete lines move the position: an unfinished last line is read again.
      if (!ended) {
        positions.put(
            submissionId, new long[] {from + chunk.read().lines().size(), at[1] + chunk.bytes()});
      }
      return chunk.read();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void forget(String submissionId) {
    positions.remove(submissionId);
  }

  @Override
  public void stop(EnvironmentView env, String submissionId) {
    Path dir = root.resolve(submissionId);
    try {
      if (Files.exists(dir)) {
        Files.writeString(dir.resolve("stopped"), "");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    alive(dir)
        .ifPresent(
            shell -> {
              shell.descendants().forEach(ProcessHandle::destroy);
            });
  }

  private static Optional<ProcessHandle> alive(Path dir) {
    try {
      Path pid = dir.resolve("pid");
      if (!Files.exists(pid)) {
        return Optional.empty();
      }
      return ProcessHandle.of(Long.parseLong(Files.readString(pid).strip()))
          .filter(ProcessHandle::isAlive);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** This JVM's java, on this service's classes: its boot jar, or the classpath in tests. */
  private static List<String> command() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("java.class.path");
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(DjlTrainer.JVM_OPTIONS);
    boolean bootJar =
        !classpath.contains(File.pathSeparator)
            && classpath.endsWith(".jar")
            && onClasspath(LAUNCHER);
    if (bootJar) {
      command.addAll(
          List.of("-Dloader.main=" + DjlTrainer.class.getName(), "-cp", classpath, LAUNCHER));
    } else {
      command.addAll(List.of("-cp", classpath, DjlTrainer.class.getName()));
    }
    return command;
  }

  private static boolean onClasspath(String className) {
    try {
      Class.forName(className, false, DjlBackend.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static String quote(List<String> words) {
    return String.join(" ", words.stream().map(w -> quote(w)).toList());
  }

  private static String quote(Object word) {
    return "'" + word.toString().replace("'", "'\\''") + "'";
  }
}
