package dev.bosun.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IniFileTest {
  private static final Path PATH = Path.of("/etc/bosun/bosun.conf");
  private final List<ConfigException> problems = new ArrayList<>();

  private List<IniFile.Entry> parse(String... lines) {
    return IniFile.parse(PATH, List.of(lines), problems).entries();
  }

  @Test
  void sectionsCommentsAndSeparators() {
    List<IniFile.Entry> entries =
        parse(
            "# a comment",
            "; another",
            "[DEFAULT]",
            "host = node-1   ",
            "report_interval:10",
            "",
            "[database]",
            "connection = jdbc:h2:mem:x # not a comment",
            "empty =",
            "quoted = \"  spaced  \"");
    assertThat(problems).isEmpty();
    assertThat(entries)
        .containsExactly(
            new IniFile.Entry("DEFAULT", "host", "node-1", 4, 3),
            new IniFile.Entry("DEFAULT", "report_interval", "10", 5, 3),
            new IniFile.Entry("database", "connection", "jdbc:h2:mem:x # not a comment", 8, 7),
            new IniFile.Entry("database", "empty", "", 9, 7),
            new IniFile.Entry("database", "quoted", "  spaced  ", 10, 7));
  }

  @Test
  void continuationLinesJoinWithNewlines() {
    List<IniFile.Entry> entries =
        parse(
            "[DEFAULT]",
            "enabled_backends = lvm-1,",
            "    lvm-2,",
            "\t# an indented comment is skipped",
            "    lvm-3",
            "next = 1",
            "banner =",
            "  first line",
            "  second line",
            "",
            "  ");
    assertThat(problems).isEmpty();
    assertThat(entries)
        .containsExactly(
            new IniFile.Entry("DEFAULT", "enabled_backends", "lvm-1,\nlvm-2,\nlvm-3", 2, 1),
            new IniFile.Entry("DEFAULT", "next", "1", 6, 1),
            new IniFile.Entry("DEFAULT", "banner", "first line\nsecond line", 7, 1));
  }

  @Test
  void equalsBeforeColonSplitsAtEquals() {
    List<IniFile.Entry> entries = parse("[DEFAULT]", "quotas = cores:10,ram:512");
    assertThat(entries)
        .containsExactly(new IniFile.Entry("DEFAULT", "quotas", "cores:10,ram:512", 2, 1));
  }

  @Test
  void badLinesAreReportedWithFileAndLineAndTheRestIsStillRead() {
    List<IniFile.Entry> entries =
        parse(
            "host = outside",
            "  continues nothing",
            "[DEFAULT",
            "[DEFAULT]",
            "no separator here",
            "= value",
            "good = yes");
    assertThat(problems)
        .extracting(Throwable::getMessage)
        .containsExactly(
            "/etc/bosun/bosun.conf:1: option 'host' is outside any section; put it under [DEFAULT]"
                + " or [group]",
            "/etc/bosun/bosun.conf:2: indented line continues no value: 'continues nothing'",
            "/etc/bosun/bosun.conf:3: bad section header '[DEFAULT', expected [name]",
            "/etc/bosun/bosun.conf:5: expected 'name = value', found 'no separator here'",
            "/etc/bosun/bosun.conf:6: empty option name in '= value'");
    assertThat(entries).containsExactly(new IniFile.Entry("DEFAULT", "good", "yes", 7, 4));
    assertThat(problems).allSatisfy(p -> assertThat(p).isInstanceOf(ConfigFileException.class));
  }

  @Test
  void missingFileIsAProblem() {
    IniFile.read(Path.of("/nonexistent/bosun.conf"), problems);
    assertThat(problems)
        .extracting(Throwable::getMessage)
        .containsExactly("/nonexistent/bosun.conf: config file not found");
  }
}
