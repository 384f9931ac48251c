package io.trainyard.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trainyard.cli.Cli;
import io.trainyard.cli.ExitCode;
import io.trainyard.cli.http.Api;
import io.trainyard.cli.http.Events;
import io.trainyard.cli.http.Multipart;
import io.trainyard.cli.render.JobWatch;
import io.trainyard.cli.render.ProgressBar;
import io.trainyard.cli.render.Style;
import io.trainyard.cli.render.Table;
import io.trainyard.contracts.joblog.JobLogsAppended;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "job",
    description = "Training jobs: submit, list, get, follow, logs, events, cancel.",
    subcommands = {
      JobCommands.Submit.class,
      JobCommands.ListJobs.class,
      JobCommands.Get.class,
      JobCommands.Follow.class,
      JobCommands.Logs.class,
      JobCommands.EventsOf.class,
      JobCommands.Cancel.class
    },
    footer = {
      "",
      "Examples:",
      "  ./trainyard job submit --env lab --template digits-mlp --hp epochs=10 --follow",
      "  ./trainyard job submit --env lab --code model.py --data houses.csv --follow",
      "  ./trainyard job list --env lab --status SUCCEEDED",
      "  ./trainyard job logs JOB --follow",
      "  ./trainyard job events JOB --after 41",
      "  ./trainyard job cancel JOB"
    })
final class JobCommands {

  /** The fields of a job that a submission and a sweep share. */
  static class Spec {
    @Option(
        names = {"-e", "--env"},
        required = true,
        description = "the environment to run on")
    String environment;

    @Option(
        names = {"-t", "--template"},
        description = "a built-in model (./trainyard templates lists them)")
    String template;

    @Option(
        names = "--hp",
        paramLabel = "NAME=VALUE",
        description = "a hyperparameter; repeat for more")
    List<String> hyperparameters = new ArrayList<>();

    @Option(
        names = {"-w", "--workers"},
        defaultValue = "1",
        description = "data-parallel workers (default ${DEFAULT-VALUE})")
    Integer workers;

    @Option(names = "--executor", description = "ray (default) or djl (one machine, no Ray)")
    String executor;

    @Option(names = "--code", paramLabel = "FILE", description = "your own model: a .py or .zip")
    Path code;

    @Option(names = "--data", paramLabel = "FILE", description = "your own data: a .csv or .zip")
    Path data;

    Map<String, Object> body() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("environment", environment);
      put(body, "template", template);
      put(body, "workers", workers);
      if (!hyperparameters.isEmpty()) {
        body.put("hyperparameters", Arguments.keyValues("--hp", hyperparameters));
      }
      put(body, "executor", executor);
      return body;
    }

    /** JSON alone, or multipart with the spec as its part named spec when files go along. */
    JsonNode send(Api api, String path, Map<String, Object> body, Map<String, String> headers) {
      if (code == null && data == null) {
        return api.post(path, body, headers);
      }
      Multipart parts = new Multipart().json("spec", Api.json(body));
      try {
        if (code != null) {
          parts.file("code", code);
        }
        if (data != null) {
          parts.file("data", data);
        }
      } catch (IOException e) {
        throw Arguments.usage(e.getMessage());
      }
      return api.post(path, parts, headers);
    }

    static void put(Map<String, Object> body, String key, Object value) {
      if (value != null) {
        body.put(key, value);
      }
    }
  }

  @Command(
      name = "submit",
      description = "Submit a training job: a template, or your own code and data.",
      footer = {
        "",
        "Examples:",
        "  ./trainyard job submit --env lab --template digits-mlp \\",
        "      --hp epochs=10 --hp learningRate=0.001 --workers 2 --follow",
        "  ./trainyard job submit --env lab --code model.py --data houses.csv --follow",
        "",
        "With --follow the exit status is 0 when the job succeeds and 1 when it fails,",
        "is rejected or is cancelled. Ctrl-C asks whether to cancel the job or only",
        "stop watching."
      })
  static final class Submit implements Callable<Integer> {
    private final Cli cli;

    @picocli.CommandLine.Mixin Spec spec = new Spec();

    @Option(
        names = {"-f", "--follow"},
        description = "watch it to its end")
    boolean follow;

    @Option(
        names = "--idempotency-key",
        description = "the same key submits once, however often sent")
    String idempotencyKey;

    Submit(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      if (spec.template == null && spec.code == null) {
        throw Arguments.usage("give --template NAME, or your own --code FILE");
      }
      Api api = cli.api();
      Map<String, String> headers =
          idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey);
      JsonNode job = spec.send(api, "/api/jobs", spec.body(), headers);
      String id = job.path("id").asText();
      if (!follow) {
        cli.print(job, "Submitted job " + id + " to " + spec.environment + "\n");
        return ExitCode.OK;
      }
      if (!cli.json()) {
        cli.context().out().println("Submitted job " + id + " to " + spec.environment);
      }
      return new JobFollower(cli, api, id).follow();
    }
  }

  @Command(
      name = "list",
      description = "Your jobs, newest first.",
      footer = {"", "Example:", "  ./trainyard job list --status RUNNING --env lab"})
  static final class ListJobs implements Callable<Integer> {
    private final Cli cli;

    @Option(
        names = "--status",
        description =
            "SUBMITTED, QUEUED, RUNNING, RETRYING, CANCELLING, SUCCEEDED, FAILED, CANCELLED or REJECTED")
    String status;

    @Option(names = {"-e", "--env"})
    String environment;

    @Option(names = "--sweep", description = "only this sweep's trials")
    String sweep;

    @Option(names = "--limit", defaultValue = "50", description = "at most this many (1 to 200)")
    int limit;

    ListJobs(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      StringBuilder query = new StringBuilder("?limit=" + limit);
      param(query, "status", status);
      param(query, "environment", environment);
      param(query, "sweep", sweep);
      JsonNode page = cli.api().get("/api/jobs" + query);
      Style style = cli.style();
      Table table = new Table("ID", "STATUS", "ENV", "TEMPLATE", "PROGRESS", "METRICS", "CREATED");
      for (JsonNode j : page.path("items")) {
        JsonNode p = j.path("progress");
        table.row(
            j.path("id").asText(),
            style.status(j.path("status").asText()),
            j.path("environment").asText(),
            source(j),
            p.isObject() ? p.path("epoch").asInt() + "/" + p.path("epochs").asInt() : null,
            metrics(j.path("metrics")),
            io.trainyard.cli.render.When.of(
                j.path("createdAt").asText(), cli.context().clock().getZone()));
      }
      cli.print(page, page.path("items").isEmpty() ? "No jobs\n" : table.render());
      return ExitCode.OK;
    }
  }

  @Command(
      name = "get",
      description = "One job.",
      footer = {"", "Example:", "  ./trainyard job get JOB"})
  static final class Get implements Callable<Integer> {
    private final Cli cli;

    @Parameters(paramLabel = "JOB")
    String id;

    Get(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      Api api = cli.api();
      JsonNode j = api.get("/api/jobs/" + id);
      cli.print(j, describe(cli, api, j));
      return ExitCode.OK;
    }
  }

  @Command(
      name = "follow",
      description = "Watch a job to its end, as submit --follow does.",
      footer = {"", "Example:", "  ./trainyard job follow JOB"})
  static final class Follow implements Callable<Integer> {
    private final Cli cli;

    @Parameters(paramLabel = "JOB")
    String id;

    Follow(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      Api api = cli.api();
      api.get("/api/jobs/" + id);
      return new JobFollower(cli, api, id).follow();
    }
  }

  @Command(
      name = "logs",
      description = "A job's log, every attempt's; --follow prints new lines until the job ends.",
      footer = {
        "",
        "Examples:",
        "  ./trainyard job logs JOB",
        "  ./trainyard job logs JOB --follow"
      })
  static final class Logs implements Callable<Integer> {
    private final Cli cli;

    @Parameters(paramLabel = "JOB")
    String id;

    @Option(names = {"-f", "--follow"})
    boolean follow;

    private String cursor;
    private int lastAttempt = 0;
    private long lastLine = -1;

    Logs(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() throws InterruptedException {
      Api api = cli.api();
      pages(api);
      if (!follow) {
        return ExitCode.OK;
      }
      JobWatch watch = new JobWatch("", Style.PLAIN);
      api.follow(
          "/api/jobs/" + id + "/events",
          0,
          sse ->
              Events.decode(sse)
                  .map(
                      e -> {
                        if (e instanceof JobLogsAppended logs) {
                          for (int i = 0; i < logs.lines().size(); i++) {
                            print(logs.attempt(), logs.firstLine() + i, logs.lines().get(i));
                          }
                        }
                        watch.on(e, Instant.now());
                        return watch.outcome().isEmpty();
                      })
                  .orElse(true));
      // Lines the job wrote just before it ended may land after the event that says so.
      Thread.sleep(1000);
      pages(api);
      return ExitCode.OK;
    }

    private void pages(Api api) {
      while (true) {
        JsonNode page =
            api.get(
                "/api/jobs/"
                    + id
                    + "/logs?limit=1000"
                    + (cursor == null ? "" : "&after=" + encode(cursor)));
        for (JsonNode line : page.path("lines")) {
          print(
              line.path("attempt").asInt(), line.path("line").asLong(), line.path("text").asText());
        }
        if (page.path("lines").isEmpty()) {
          return;
        }
        cursor = page.path("next").asText(null);
      }
    }

    private void print(int attempt, long line, String text) {
      if (attempt < lastAttempt || (attempt == lastAttempt && line <= lastLine)) {
        return;
      }
      lastAttempt = attempt;
      lastLine = line;
      cursor = attempt + ":" + line;
      if (cli.json()) {
        ObjectNode o =
            Api.JSON.createObjectNode().put("attempt", attempt).put("line", line).put("text", text);
        cli.context().out().println(o.toString());
      } else {
        cli.context().out().println(text);
      }
      cli.context().out().flush();
    }
  }

  @Command(
      name = "events",
      description = {
        "A job's events from its submission (or after --after ID) until it ends: one per line,",
        "the id first, so a dropped watch resumes where it stopped."
      },
      footer = {
        "",
        "Examples:",
        "  ./trainyard job events JOB",
        "  ./trainyard job events JOB --after 41 --output json"
      })
  static final class EventsOf implements Callable<Integer> {
    private final Cli cli;

    @Parameters(paramLabel = "JOB")
    String id;

    @Option(
        names = "--after",
        paramLabel = "ID",
        defaultValue = "0",
        description = "the last event id already seen")
    long after;

    EventsOf(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      Api api = cli.api();
      api.get("/api/jobs/" + id);
      JobWatch watch = new JobWatch("", Style.PLAIN);
      api.follow(
          "/api/jobs/" + id + "/events",
          after,
          sse -> {
            if (sse == Api.HEARTBEAT) {
              return true;
            }
            if (cli.json()) {
              ObjectNode o =
                  Api.JSON.createObjectNode().put("id", sse.id()).put("event", sse.name());
              try {
                o.set("data", Api.JSON.readTree(sse.data()));
              } catch (IOException e) {
                o.put("data", sse.data());
              }
              cli.context().out().println(o.toString());
            } else {
              cli.context().out().println(sse.id() + "  " + sse.name() + "  " + sse.data());
            }
            cli.context().out().flush();
            Events.decode(sse).ifPresent(e -> watch.on(e, Instant.now()));
            return !watch.done();
          });
      return ExitCode.OK;
    }
  }

  @Command(
      name = "cancel",
      description = "Cancel a job; it stops at once, its checkpoint kept.",
      footer = {"", "Example:", "  ./trainyard job cancel JOB"})
  static final class Cancel implements Callable<Integer> {
    private final Cli cli;

    @Parameters(paramLabel = "JOB")
    String id;

    Cancel(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      JsonNode job = cli.api().post("/api/jobs/" + id + "/cancel", Map.of());
      cli.print(job, "Cancel requested for job " + id + "\n");
      return ExitCode.OK;
    }
  }

  /** A job as {@code job get} shows it: what it is, where it stands, its run and its model. */
  static String describe(Cli cli, Api api, JsonNode j) {
    StringBuilder s = new StringBuilder();
    s.append("id          ").append(j.path("id").asText()).append('\n');
    s.append("status      ").append(cli.style().status(j.path("status").asText())).append('\n');
    s.append("environment ").append(j.path("environment").asText()).append('\n');
    s.append("model       ").append(source(j)).append('\n');
    s.append("workers     ")
        .append(j.path("workers").asInt())
        .append(" (")
        .append(j.path("executor").asText())
        .append(")\n");
    s.append("hyperparams ").append(j.path("hyperparameters")).append('\n');
    s.append("attempt     ").append(j.path("attempt").asInt()).append('\n');
    if (j.path("progress").isObject()) {
      s.append("progress    epoch ")
          .append(j.path("progress").path("epoch").asInt())
          .append('/')
          .append(j.path("progress").path("epochs").asInt())
          .append('\n');
    }
    if (j.path("metrics").size() > 0) {
      s.append("metrics     ").append(metrics(j.path("metrics"))).append('\n');
    }
    if (j.hasNonNull("reason")) {
      s.append("reason      ").append(j.path("reason").asText()).append('\n');
    }
    if (j.hasNonNull("mlflowRunUrl")) {
      s.append("MLflow run  ")
          .append(api.base())
          .append(j.path("mlflowRunUrl").asText())
          .append('\n');
    }
    if (j.hasNonNull("model")) {
      s.append("registered  ")
          .append(j.path("model").path("name").asText())
          .append(" version ")
          .append(j.path("model").path("version").asInt())
          .append('\n');
    }
    return s.toString();
  }

  /** The template, or the file of one's own code. */
  static String source(JsonNode job) {
    return job.path("template").isNull()
        ? job.path("codeFile").asText("-")
        : job.path("template").asText();
  }

  static String metrics(JsonNode metrics) {
    if (metrics == null || metrics.isEmpty()) {
      return null;
    }
    StringBuilder s = new StringBuilder();
    List<String> names = new ArrayList<>();
    metrics.fieldNames().forEachRemaining(names::add);
    names.sort(null);
    for (String name : names) {
      s.append(s.length() == 0 ? "" : " ")
          .append(name)
          .append('=')
          .append(ProgressBar.number(metrics.path(name).asDouble()));
    }
    return s.toString();
  }

  static void param(StringBuilder query, String name, String value) {
    if (value != null) {
      query.append('&').append(name).append('=').append(encode(value));
    }
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
