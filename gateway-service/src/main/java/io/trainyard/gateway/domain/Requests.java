package io.trainyard.gateway.domain;

import io.trainyard.contracts.template.HyperparameterCheck;
import io.trainyard.contracts.template.Template;
import io.trainyard.contracts.template.Templates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The checks a request passes before it becomes an event, so a mistake is answered at once, by
 * field, instead of as a rejection event later.
 */
public final class Requests {

  public static final Pattern NAME = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?$");
  public static final Pattern USERNAME = Pattern.compile("^[a-z][a-z0-9-]{1,30}[a-z0-9]$");

  private Requests() {}

  public record Environment(
      String name,
      Integer workers,
      Double workerCpu,
      Double workerMemoryGi,
      Integer gpusPerWorker) {}

  public record Job(
      String environment,
      String template,
      Integer workers,
      Map<String, Object> hyperparameters,
      String executor) {}

  /**
   * A search: the job's fields, the space and how to search it; {@code earlyStopping} is {@code
   * {"asha": {...}}} or absent for none.
   */
  public record Sweep(
      String environment,
      String template,
      Integer workers,
      Map<String, Object> hyperparameters,
      Map<String, Object> space,
      String method,
      Integer trials,
      Long seed,
      Integer maxConcurrent,
      String metric,
      String direction,
      EarlyStopping earlyStopping,
      String executor) {

    public Job job() {
      return new Job(environment, template, workers, hyperparameters, executor);
    }
  }

  public record EarlyStopping(Asha asha) {}

  public record Asha(Integer minEpochs, Integer reductionFactor) {}

  public record Limits(
      int maxWorkers, double maxWorkerCpu, double maxWorkerMemoryGi, int maxGpus) {}

  public static List<Violation> check(Environment e, Limits limits) {
    List<Violation> out = new ArrayList<>();
    name(out, "name", e.name());
    range(out, "workers", e.workers(), 0, limits.maxWorkers());
    positive(out, "workerCpu", e.workerCpu(), limits.maxWorkerCpu());
    positive(out, "workerMemoryGi", e.workerMemoryGi(), limits.maxWorkerMemoryGi());
    range(out, "gpusPerWorker", e.gpusPerWorker(), 0, limits.maxGpus());
    return out;
  }

  /** Own code has no template; {@code hasCode} says a code file came with the request. */
  public static List<Violation> check(Job j, boolean hasCode, Limits limits) {
    List<Violation> out = new ArrayList<>();
    name(out, "environment", j.environment());
    hyperparameters(out, j.hyperparameters());
    if (!out.isEmpty() && out.get(out.size() - 1).field().startsWith("hyperparameters")) {
      return out;
    }
    range(out, "workers", j.workers(), 1, limits.maxWorkers());
    if (j.executor() != null && !List.of("ray", "djl").contains(j.executor())) {
      out.add(new Violation("executor", "must be ray or djl"));
    }
    if (hasCode) {
      if (j.template() != null) {
        out.add(new Violation("template", "give either a template or code, not both"));
      }
      return out;
    }
    if (j.template() == null) {
      out.add(
          new Violation(
              "template", "is required (one of " + Templates.IDS + ") unless code is uploaded"));
      return out;
    }
    Template template = Templates.byId(j.template()).orElse(null);
    if (template == null) {
      out.add(new Violation("template", "unknown template; known: " + Templates.IDS));
      return out;
    }
    Map<String, Object> hp = j.hyperparameters() == null ? Map.of() : j.hyperparameters();
    HyperparameterCheck.violations(template, hp)
        .forEach(v -> out.add(new Violation(v.field(), v.reason())));
    return out;
  }

  static final int MAX_HYPERPARAMETERS = 100;
  static final int MAX_TEXT = 1000;
  private static final int MAX_DEPTH = 4;

  /** Few, small, and text the database can store: a job's hyperparameters travel in every view. */
  private static void hyperparameters(List<Violation> out, Map<String, Object> hp) {
    if (hp == null) {
      return;
    }
    if (hp.size() > MAX_HYPERPARAMETERS) {
      out.add(new Violation("hyperparameters", "at most " + MAX_HYPERPARAMETERS + " entries"));
      return;
    }
    for (Map.Entry<String, Object> e : hp.entrySet()) {
      String field = "hyperparameters." + printable(e.getKey());
      String keyProblem = textProblem(e.getKey());
      if (keyProblem != null || e.getKey().isEmpty()) {
        out.add(
            new Violation(field, keyProblem != null ? "the name " + keyProblem : "needs a name"));
        return;
      }
      String valueProblem = valueProblem(e.getValue(), 0);
      if (valueProblem != null) {
        out.add(new Violation(field, valueProblem));
        return;
      }
    }
  }

  private static String valueProblem(Object value, int depth) {
    if (depth > MAX_DEPTH) {
      return "nested more than " + MAX_DEPTH + " levels deep";
    }
    if (value instanceof String text) {
      return textProblem(text);
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String problem = textProblem(String.valueOf(e.getKey()));
        problem = problem != null ? problem : valueProblem(e.getValue(), depth + 1);
        if (problem != null) {
          return problem;
        }
      }
    } else if (value instanceof List<?> list) {
      if (list.size() > MAX_HYPERPARAMETERS) {
        return "a list of at most " + MAX_HYPERPARAMETERS + " items";
      }
      for (Object item : list) {
        String problem = valueProblem(item, depth + 1);
        if (problem != null) {
          return problem;
        }
      }
    }
    return null;
  }

  /**
   * Why PostgreSQL could not store {@code text} (a NUL character, half of a surrogate pair), or it
   * is too long; null when it is fine.
   */
  public static String textProblem(String text) {
    if (text.length() > MAX_TEXT) {
      return "is longer than " + MAX_TEXT + " characters";
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        return "contains a NUL character (\\u0000), which cannot be stored";
      }
      if (Character.isHighSurrogate(c)
          && (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1)))) {
        return "contains half of a surrogate pair, which is not text";
      }
      if (Character.isLowSurrogate(c)
          && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)))) {
        return "contains half of a surrogate pair, which is not text";
      }
    }
    return null;
  }

  private static String printable(String key) {
    StringBuilder out = new StringBuilder();
    key.codePoints()
        .limit(64)
        .forEach(
            cp -> {
              if (cp < 0x20 || (cp >= 0xD800 && cp <= 0xDFFF)) {
                out.append(String.format("\\u%04x", cp));
              } else {
                out.appendCodePoint(cp);
              }
            });
    return out.toString();
  }

  public static List<Violation> checkSignup(String username, String password) {
    List<Violation> out = new ArrayList<>();
    if (username == null || !USERNAME.matcher(username).matches()) {
      out.add(
          new Violation(
              "username", "3 to 32 lowercase letters, digits or '-', starting with a letter"));
    }
    if (password == null || password.length() < 8 || password.length() > 72) {
      out.add(new Violation("password", "8 to 72 characters"));
    }
    return out;
  }

  private static void name(List<Violation> out, String field, String value) {
    if (value == null || value.isEmpty()) {
      out.add(new Violation(field, "is required"));
    } else if (!NAME.matcher(value).matches()) {
      out.add(
          new Violation(
              field,
              "1 to 32 lowercase letters, digits or '-', starting and ending with a letter or digit"));
    }
  }

  private static void range(List<Violation> out, String field, Integer value, int min, int max) {
    if (value == null) {
      out.add(new Violation(field, "is required"));
    } else if (value < min || value > max) {
      out.add(new Violation(field, "must be from " + min + " to " + max));
    }
  }

  private static void positive(List<Violation> out, String field, Double value, double max) {
    if (value == null) {
      out.add(new Violation(field, "is required"));
    } else if (!(value > 0) || value > max) {
      out.add(new Violation(field, "must be more than 0 and at most " + fmt(max)));
    }
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
