package dev.bosun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A {@code [database] connection} that carries settings able to read files or run code is refused
 * before any driver sees it, and the error never shows what such a setting would have read.
 */
class DangerousConnectionSettingsTest {

  /** Regression: H2 ran INIT=RUNSCRIPT FROM '/etc/passwd' and put the file into the error. */
  @Test
  void anInitScriptReadingAFileIsRefusedWithoutShowingTheFile() {
    for (String[] command :
        new String[][] {{"db", "version"}, {"db", "sync"}, {"service", "list"}}) {
      Cli cli =
          Cli.run(
              command[0],
              command[1],
              "--database-connection",
              "jdbc:h2:mem:leak;INIT=RUNSCRIPT FROM '/etc/passwd'");

      assertThat(cli.out() + cli.err()).as(cli.toString()).doesNotContain("root:");
      assertThat(cli.exitCode()).as(cli.toString()).isEqualTo(Main.EXIT_USAGE);
      assertThat(cli.err())
          .as(cli.toString())
          .contains("[database] connection")
          .contains("INIT")
          .doesNotContain("/etc/passwd");
    }
  }
}
