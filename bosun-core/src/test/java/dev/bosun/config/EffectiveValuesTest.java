package dev.bosun.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EffectiveValuesTest {
  static final Opt<String> TRANSPORT_URL =
      Opt.url("transport_url").secret().defaultValue("memory://").help("h").build();
  static final Opt<String> CONNECTION =
      Opt.string("connection").group("database").secret().help("h").build();
  static final Opt<String> HOST = Opt.string("host").defaultValue("node-1").help("h").build();
  static final Opt<Integer> WORKERS = Opt.integer("workers").help("h").build();

  @TempDir Path dir;

  @Test
  void everyValueWithItsSourceAndSecretsMasked() {
    Path file =
        TestFiles.write(
            dir,
            "bosun.conf",
            "[DEFAULT]",
            "transport_url = rabbit://bosun:s3cret@127.0.0.1:5672/",
            "",
            "[database]",
            "connection = jdbc:postgresql://db/bosun?password=hunter2");
    Config config =
        Config.builder()
            .register(TRANSPORT_URL, CONNECTION, HOST, WORKERS)
            .environment(Map.of("BOSUN_HOST", "node-2"))
            .args(List.of("--config-file", file.toString()))
            .build();
    List<EffectiveValue> values = config.effectiveValues();
    assertThat(values)
        .containsExactly(
            new EffectiveValue(
                HOST, Optional.of("node-2"), new ValueSource.Environment("BOSUN_HOST")),
            new EffectiveValue(TRANSPORT_URL, Optional.of("****"), new ValueSource.File(file, 2)),
            new EffectiveValue(WORKERS, Optional.empty(), new ValueSource.Default()),
            new EffectiveValue(CONNECTION, Optional.of("****"), new ValueSource.File(file, 5)));

    String table = config.renderTable();
    assertThat(table)
        .isEqualTo(
            String.join(
                "\n",
                "GROUP     OPTION         VALUE   SOURCE",
                "DEFAULT   host           node-2  env BOSUN_HOST",
                "DEFAULT   transport_url  ****    file " + file + ":2",
                "DEFAULT   workers        <None>  default",
                "database  connection     ****    file " + file + ":5",
                ""));
    assertThat(table).doesNotContain("s3cret").doesNotContain("hunter2");
  }

  @Test
  void sourcesReadAsDocumented() {
    assertThat(new ValueSource.File(Path.of("/etc/bosun/bosun.conf"), 12).toString())
        .isEqualTo("file /etc/bosun/bosun.conf:12");
    assertThat(new ValueSource.CommandLine("--x").toString()).isEqualTo("command line --x");
    assertThat(new ValueSource.Overridden().toString()).isEqualTo("override");
    assertThat(new ValueSource.Default().toString()).isEqualTo("default");
    assertThat(new ValueSource.Environment("BOSUN_X").toString()).isEqualTo("env BOSUN_X");
  }
}
