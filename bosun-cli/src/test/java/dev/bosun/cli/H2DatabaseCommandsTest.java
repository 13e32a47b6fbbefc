package dev.bosun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database commands on an H2 file database, plus what does not depend on the database. */
class H2DatabaseCommandsTest extends DatabaseCommandsContract {
  @TempDir Path dir;

  @Override
  protected String newDatabaseUrl() {
    return "jdbc:h2:file:" + dir.resolve("bosun").toAbsolutePath().toString().replace('\\', '/');
  }

  @Override
  protected void dropDatabase(String url) {
    // the @TempDir goes with the files
  }

  @Test
  void theConnectionCanComeFromAConfigFile() throws IOException {
    Path file = dir.resolve("bosun.conf");
    Files.writeString(file, "[database]\nconnection = " + url + "\n");

    Cli sync = Cli.run("db", "sync", "--config-file", file.toString());
    Cli list = Cli.run("service", "list", "--config-file", file.toString(), "--format", "json");

    assertThat(sync.exitCode()).as(sync.toString()).isZero();
    assertThat(list.exitCode()).as(list.toString()).isZero();
    assertThat(list.out().strip()).isEqualTo("[ ]");
  }

  @Test
  void withoutAConnectionTheEmbeddedDatabaseIsUnderStatePath() {
    Path state = dir.resolve("state");

    Cli sync = Cli.run("db", "sync", "--state-path", state.toString());

    assertThat(sync.exitCode()).as(sync.toString()).isZero();
    assertThat(sync.out()).contains("jdbc:h2:file:" + state.toAbsolutePath());
    assertThat(state.resolve("bosun.mv.db")).exists();
  }

  @Test
  void anEmbeddedDatabaseWithoutItsCredentialsIsOneLineSayingWhatToDo() throws IOException {
    Path state = dir.resolve("state");
    assertThat(Cli.run("db", "sync", "--state-path", state.toString()).exitCode()).isZero();
    Files.delete(state.resolve("bosun.credentials"));

    Cli list = Cli.run("service", "list", "--state-path", state.toString());

    assertThat(list.exitCode()).as(list.toString()).isEqualTo(Main.EXIT_FAILURE);
    assertThat(list.err().strip().lines()).as(list.toString()).hasSize(1);
    assertThat(list.err())
        .contains("does not accept the user and password in " + state.resolve("bosun.credentials"))
        .contains("restore that file");
  }

  /**
   * Regression: 'bosun service list' from another directory created ./var/bosun.mv.db and then said
   * to run 'bosun db sync', which would have initialised that wrong database.
   */
  @Test
  void readOnlyCommandsDoNotCreateTheEmbeddedDatabase() {
    Path state = dir.resolve("elsewhere").resolve("state");
    for (String[] command :
        new String[][] {
          {"service", "list"},
          {"db", "version"},
          {"service", "disable", "host1", "bosun-volume"},
          {"service", "enable", "host1", "x"},
          {"service", "force-down", "host1", "x"},
          {"service", "unforce-down", "host1", "x"},
          {"service", "delete", "host1", "x"}
        }) {
      List<String> args = new ArrayList<>(List.of(command));
      args.addAll(List.of("--state-path", state.toString()));

      Cli cli = Cli.run(args.toArray(new String[0]));

      assertThat(cli.exitCode()).as(cli.toString()).isEqualTo(Main.EXIT_FAILURE);
      assertThat(cli.err().strip().lines()).as(cli.toString()).hasSize(1);
      assertThat(cli.err())
          .as(cli.toString())
          .startsWith(
              "bosun: no embedded database under "
                  + "state_path "
                  + state.toAbsolutePath()
                  + "; run the service there, pass "
                  + "--state-path, or set --database-connection");
      assertThat(state.resolve("bosun.mv.db")).as(String.join(" ", command)).doesNotExist();
    }
  }

  @Test
  void readOnlyCommandsUseAnEmbeddedDatabaseThatExists() {
    Path state = dir.resolve("state");
    Cli sync = Cli.run("db", "sync", "--state-path", state.toString());
    assertThat(sync.exitCode()).as(sync.toString()).isZero();

    Cli version = Cli.run("db", "version", "--state-path", state.toString());
    Cli list = Cli.run("service", "list", "--state-path", state.toString(), "--format", "json");

    assertThat(version.exitCode()).as(version.toString()).isZero();
    assertThat(version.out()).contains("status:   up to date");
    assertThat(list.exitCode()).as(list.toString()).isZero();
    assertThat(list.out().strip()).isEqualTo("[ ]");
  }

  @Test
  void anUnreachableDatabaseIsOneLineWithThePasswordMasked() {
    Cli list =
        Cli.run(
            "service",
            "list",
            "--database-connection",
            "jdbc:postgresql://127.0.0.1:1/bosun?user=bosun&password=s3cret",
            "--database-pool-timeout",
            "1");

    assertThat(list.exitCode()).as(list.toString()).isEqualTo(Main.EXIT_FAILURE);
    List<String> lines = list.err().strip().lines().toList();
    assertThat(lines.subList(0, lines.size() - 1))
        .as("before the error, at most lines saying what is waited for")
        .allSatisfy(line -> assertThat(line).startsWith("bosun: waiting for the database"));
    assertThat(lines.get(lines.size() - 1))
        .startsWith("bosun: Could not")
        .contains("jdbc:postgresql://127.0.0.1:1/bosun?user=bosun&password=***")
        .doesNotContain("s3cret");
  }

  @Test
  void aConnectionThatIsNotAJdbcUrlIsAConfigurationError() {
    Cli list = Cli.run("service", "list", "--database-connection", "postgres://u:pw@db/bosun");

    assertThat(list.exitCode()).as(list.toString()).isEqualTo(Main.EXIT_USAGE);
    assertThat(list.err())
        .contains("[database] connection must be a JDBC URL")
        .doesNotContain("pw@");
  }

  /** Regression: a URL no driver takes (jdbc:postgres:) was a stack trace and exit code 1. */
  @Test
  void aJdbcUrlWithoutADriverIsAConfigurationErrorInOneLine() {
    for (String[] command :
        new String[][] {{"service", "list"}, {"db", "sync"}, {"db", "version"}}) {
      Cli cli =
          Cli.run(
              command[0],
              command[1],
              "--database-connection",
              "jdbc:postgres://127.0.0.1/bosun?user=bosun&password=s3cret");

      assertThat(cli.exitCode()).as(cli.toString()).isEqualTo(Main.EXIT_USAGE);
      assertThat(cli.err().strip().lines()).as(cli.toString()).hasSize(1);
      assertThat(cli.err())
          .as(cli.toString())
          .startsWith("bosun: configuration error: ")
          .contains("jdbc:postgresql://")
          .doesNotContain("s3cret");
    }
  }

  @Test
  void missingHostOrBinaryIsAUsageError() {
    Cli disable = bosun("service", "disable", "host1");

    assertThat(disable.exitCode()).as(disable.toString()).isEqualTo(Main.EXIT_USAGE);
    assertThat(disable.err()).contains("needs HOST and BINARY");
  }

  @Test
  void aBadFormatIsAUsageError() {
    Cli list = bosun("service", "list", "--format", "yaml");

    assertThat(list.exitCode()).as(list.toString()).isEqualTo(Main.EXIT_USAGE);
    assertThat(list.err()).contains("yaml");
  }

  @Test
  void theHelpOfEveryCommandStatesItsExitCodes() {
    for (String[] command :
        new String[][] {
          {"db", "sync"},
          {"db", "version"},
          {"service", "list"},
          {"service", "disable"},
          {"service", "enable"},
          {"service", "force-down"},
          {"service", "unforce-down"},
          {"service", "delete"}
        }) {
      Cli help = Cli.run(command[0], command[1], "--help");
      assertThat(help.exitCode()).isZero();
      assertThat(help.out())
          .as(String.join(" ", command))
          .contains("Exit codes: 0")
          .contains("--config-file");
    }
  }

  @Test
  void configShowMasksTheConnection() {
    Cli show =
        Cli.run(
            "config",
            "show",
            "--database-connection",
            "jdbc:postgresql://db/bosun?user=bosun&password=s3cret");

    assertThat(show.exitCode()).as(show.toString()).isZero();
    assertThat(show.out())
        .containsPattern(
            "database\\s+connection\\s+jdbc:postgresql://db/bosun\\?user=bosun&password=\\*\\*\\*\\s")
        .doesNotContain("s3cret");
  }
}
