package dev.bosun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigArgsTest {

  @Test
  void optionValuesAreNotTakenForPositionals() {
    ConfigArgs.Split split =
        ConfigArgs.split(
            List.of(
                "--database-connection",
                "jdbc:h2:mem:x",
                "host1",
                "--config-file",
                "/etc/bosun.conf",
                "bosun-volume",
                "--report-interval=5"));

    assertThat(split.positionals()).containsExactly("host1", "bosun-volume");
    assertThat(split.configArgs())
        .containsExactly(
            "--database-connection",
            "jdbc:h2:mem:x",
            "--config-file",
            "/etc/bosun.conf",
            "--report-interval=5");
  }

  @Test
  void booleanOptionsTakeNoValue() {
    ConfigArgs.Split split =
        ConfigArgs.split(
            List.of("--periodic-enable", "host1", "--noperiodic_enable", "bosun-volume"));

    assertThat(split.positionals()).containsExactly("host1", "bosun-volume");
    assertThat(split.configArgs()).containsExactly("--periodic-enable", "--noperiodic_enable");
  }

  @Test
  void anOptionFollowedByAnOptionHasNoValueAndDoubleDashEndsOptions() {
    ConfigArgs.Split split =
        ConfigArgs.split(List.of("--state-path", "--config-dir", "d", "--", "--odd-host", "b"));

    assertThat(split.configArgs()).containsExactly("--state-path", "--config-dir", "d");
    assertThat(split.positionals()).containsExactly("--odd-host", "b");
  }
}
