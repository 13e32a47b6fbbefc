package dev.bosun.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Options registered after build, by modules that load lazily. */
class RegistrationTest {
  static final Opt<Duration> REPORT_INTERVAL =
      Opt.duration("report_interval").defaultValue(Duration.ofSeconds(10)).help("h").build();
  static final Opt<Duration> RPC_TIMEOUT =
      Opt.duration("rpc_response_timeout").defaultValue(Duration.ofSeconds(60)).help("h").build();
  static final Opt<String> CONNECTION =
      Opt.string("connection").group("database").help("h").build();

  @TempDir Path dir;

  @Test
  void lateOptionsGetValuesFromTheFilesAndEnvironmentAlreadyRead() {
    Path file =
        TestFiles.write(
            dir,
            "bosun.conf",
            "[DEFAULT]",
            "rpc_response_timeout = 30",
            "[database]",
            "connection = file-db");
    Config config =
        Config.builder()
            .register(REPORT_INTERVAL)
            .environment(Map.of("BOSUN_DATABASE__CONNECTION", "env-db"))
            .args(List.of("--config-file", file.toString()))
            .build();
    assertThat(config.option("DEFAULT", "rpc_response_timeout")).isEmpty();
    config.register(RPC_TIMEOUT).register(List.of(CONNECTION));
    assertThat(config.get(RPC_TIMEOUT)).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.get(CONNECTION)).isEqualTo("env-db");
    assertThat(config.options()).containsExactly(REPORT_INTERVAL, RPC_TIMEOUT, CONNECTION);
  }

  @Test
  void registeringTheSameOptionTwiceIsANoOp() {
    Config config =
        Config.builder().register(REPORT_INTERVAL, REPORT_INTERVAL).environment(Map.of()).build();
    config.set(REPORT_INTERVAL, Duration.ofSeconds(3));
    Opt<Duration> equal =
        Opt.duration("report_interval").defaultValue(Duration.ofSeconds(10)).help("h").build();
    config.register(equal);
    assertThat(config.get(equal)).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.options()).hasSize(1);
  }

  @Test
  void aDifferentOptionWithTheSameNameIsAnError() {
    Opt<Integer> clash = Opt.integer("report_interval").defaultValue(5).help("h").build();
    Config config = Config.builder().register(REPORT_INTERVAL).environment(Map.of()).build();
    assertThatThrownBy(() -> config.register(clash))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "[DEFAULT] report_interval is registered twice with different"
                + " attributes (duration default 10 and integer default 5)");
    assertThatThrownBy(() -> Config.builder().register(REPORT_INTERVAL, clash))
        .isInstanceOf(ConfigException.class);
    assertThat(config.get(REPORT_INTERVAL)).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void aLateOptionWithABadValueIsNotRegistered() {
    Path file = TestFiles.write(dir, "bosun.conf", "[DEFAULT]", "rpc_response_timeout = never");
    Config config =
        Config.builder()
            .environment(Map.of())
            .args(List.of("--config-file", file.toString()))
            .build();
    Opt<String> required = Opt.string("host").required().help("h").build();
    ConfigLoadException e =
        catchThrowableOfType(
            ConfigLoadException.class, () -> config.register(RPC_TIMEOUT, required));
    assertThat(e.problems()).hasSize(2);
    assertThat(e.problems().get(0))
        .hasMessage(
            file
                + ":2: [DEFAULT] rpc_response_timeout ="
                + " 'never': expected a duration such as 10, 10s, 500ms or PT10S");
    assertThat(e.problems().get(1)).isInstanceOf(MissingValueException.class);
    assertThat(config.options()).isEmpty();
  }

  @Test
  void lateOptionsTakePartInReload() {
    Opt<Integer> workers = Opt.integer("workers").mutable().defaultValue(1).help("h").build();
    Path file = TestFiles.write(dir, "bosun.conf", "[DEFAULT]", "workers = 2");
    Config config =
        Config.builder()
            .environment(Map.of())
            .args(List.of("--config-file", file.toString()))
            .build();
    config.register(workers);
    TestFiles.write(dir, "bosun.conf", "[DEFAULT]", "workers = 3");
    assertThat(config.reload().applied()).containsExactly(workers);
    assertThat(config.get(workers)).isEqualTo(3);
  }
}
