package io.trainyard.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.cli.Cli;
import io.trainyard.cli.Config;
import io.trainyard.cli.ExitCode;
import io.trainyard.cli.http.Api;
import io.trainyard.cli.http.ApiProblem;
import java.io.Console;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

final class AuthCommands {

  private AuthCommands() {}

  @Command(
      name = "login",
      description = {
        "Log in; keeps an API token, never the password, in ~/.config/trainyard (mode 0600).",
        "With a password, login makes a token named for this machine; logout revokes it."
      },
      footer = {
        "",
        "Examples:",
        "  ./trainyard login --username ada                    (asks for the password)",
        "  echo \"$PASSWORD\" | ./trainyard login --username ada --password-stdin",
        "  ./trainyard login --token ty_...                   (a token made in the UI)",
        "  ./trainyard login --url https://trainyard.example.com --username ada"
      })
  static final class Login implements Callable<Integer> {
    private final Cli cli;

    @Option(
        names = "--url",
        description =
            "the gateway (default: TRAINYARD_URL, the stored one, " + Config.DEFAULT_URL + ")")
    String url;

    @Option(names = {"-u", "--username"})
    String username;

    @Option(
        names = "--password-stdin",
        description = "read the password from the first line of stdin")
    boolean passwordStdin;

    @Option(names = "--token", description = "an API token instead of a password")
    String token;

    Login(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() throws IOException {
      String base = url != null ? url : cli.config().url();
      Config config = token != null ? withToken(base, token) : withPassword(base);
      config.save(cli.context());
      cli.print(
          Api.JSON.createObjectNode().put("url", config.url()).put("username", config.username()),
          "Logged in to " + config.url() + " as " + config.username() + "\n");
      return ExitCode.OK;
    }

    private Config withToken(String base, String secret) {
      JsonNode me = new Api(base, Optional.of(secret)).get("/api/me");
      return new Config(base, me.path("username").asText(), secret, null);
    }

    private Config withPassword(String base) throws IOException {
      Console console = System.console();
      String user = username;
      if (user == null && console != null && !passwordStdin) {
        user = console.readLine("Username: ");
      }
      if (user == null || user.isBlank()) {
        throw Arguments.usage("give --username (or --token)");
      }
      String password;
      if (passwordStdin) {
        password = cli.context().in().readLine();
      } else if (console != null) {
        char[] typed = console.readPassword("Password for %s: ", user);
        password = typed == null ? null : new String(typed);
      } else {
        throw Arguments.usage(
            "no terminal to ask for the password: pipe it with --password-stdin, or use --token");
      }
      if (password == null || password.isEmpty()) {
        throw Arguments.usage("no password given");
      }
      JsonNode session =
          new Api(base, Optional.empty())
              .post("/api/auth/login", Map.of("username", user, "password", password));
      Api asSession = new Api(base, Optional.of(session.path("token").asText()));
      JsonNode made = asSession.post("/api/tokens", Map.of("name", tokenName()));
      // The session was only the way to the token: it ends here rather than lingering for hours.
      asSession.post("/api/auth/logout", Map.of());
      return new Config(base, user, made.path("token").asText(), made.path("id").asText());
    }

    private static String tokenName() {
      String host;
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        host = "this machine";
      }
      String name = "trainyard cli on " + host;
      return name.length() > 64 ? name.substring(0, 64) : name;
    }
  }

  @Command(
      name = "logout",
      description = "Revoke the token login made and forget it.",
      footer = {"", "Example:", "  ./trainyard logout"})
  static final class Logout implements Callable<Integer> {
    private final Cli cli;

    Logout(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() throws IOException {
      Optional<Config> stored = Config.stored(cli.context());
      boolean revoked = false;
      if (stored.isPresent() && stored.get().tokenId() != null && stored.get().token() != null) {
        try {
          new Api(stored.get().url(), Optional.of(stored.get().token()))
              .delete("/api/tokens/" + stored.get().tokenId());
          revoked = true;
        } catch (ApiProblem p) {
          // Already revoked or expired: nothing of it is left to end.
          if (p.status() != 401 && p.status() != 404) {
            throw p;
          }
        }
      }
      boolean forgot = Config.forget(cli.context());
      cli.print(
          Api.JSON.createObjectNode().put("loggedOut", forgot).put("tokenRevoked", revoked),
          forgot
              ? "Logged out" + (revoked ? "; the token is revoked" : "") + "\n"
              : "Not logged in\n");
      return ExitCode.OK;
    }
  }

  @Command(
      name = "whoami",
      description = "Who the command line acts as, and where.",
      footer = {"", "Example:", "  ./trainyard whoami"})
  static final class Whoami implements Callable<Integer> {
    private final Cli cli;

    Whoami(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      JsonNode me = cli.api().get("/api/me");
      cli.print(
          me,
          me.path("username").asText()
              + " ("
              + me.path("role").asText()
              + ") at "
              + cli.config().url()
              + "\n");
      return ExitCode.OK;
    }
  }
}
