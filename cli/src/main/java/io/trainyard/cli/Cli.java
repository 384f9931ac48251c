package io.trainyard.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.cli.http.Api;
import io.trainyard.cli.render.Style;
import java.util.Optional;

/** What every command shares: the context, how to print (for people or as JSON), the API. */
public final class Cli {

  public enum Output {
    human,
    json
  }

  private final Context context;
  private Output output = Output.human;

  public Cli(Context context) {
    this.context = context;
  }

  public Context context() {
    return context;
  }

  public void output(Output output) {
    this.output = output;
  }

  public boolean json() {
    return output == Output.json;
  }

  public Style style() {
    return new Style(context.colours() && !json(), context.terminal());
  }

  public Config config() {
    return Config.effective(context);
  }

  /** The API as the logged-in user; one not logged in is told how to. */
  public Api api() {
    Config config = config();
    if (config.token() == null) {
      throw new CliException(
          ExitCode.REFUSED, "not logged in: run ./trainyard login (or set TRAINYARD_TOKEN)");
    }
    return new Api(config.url(), Optional.of(config.token()));
  }

  public Api anonymous(String url) {
    return new Api(url, Optional.empty());
  }

  /** Prints the API's answer as it is for scripts, or the human text for people. */
  public void print(JsonNode json, String human) {
    if (json()) {
      printJson(json);
    } else {
      context.out().print(human);
      context.out().flush();
    }
  }

  public void printJson(JsonNode json) {
    try {
      context.out().println(Api.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
      context.out().flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A message for the person, on stderr, so stdout stays the command's answer. */
  public void note(String text) {
    context.err().println(text);
    context.err().flush();
  }
}
