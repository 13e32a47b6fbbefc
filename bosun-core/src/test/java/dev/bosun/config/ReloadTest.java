package dev.bosun.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class ReloadTest {
  static final Opt<Duration> INTERVAL =
      Opt.duration("periodic_interval")
          .mutable()
          .defaultValue(Duration.ofSeconds(60))
          .help("h")
          .build();
  static final Opt<Boolean> DEBUG =
      Opt.bool("debug").mutable().defaultValue(false).help("h").build();
  static final Opt<String> HOST = Opt.string("host").defaultValue("node-1").help("h").build();
  static final Opt<String> PASSWORD =
      Opt.string("password")
          .group("database")
          .secret()
          .defaultValue("old-secret")
          .help("h")
          .build();
  static final Opt<Integer> WORKERS =
      Opt.integer("workers").min(1).mutable().defaultValue(2).help("h").build();

  @TempDir Path dir;
  private Path file;
  private ListAppender<ILoggingEvent> logs;
  private final List<Set<Opt<?>>> heard = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    logs = new ListAppender<>();
    logs.start();
    ((Logger) LoggerFactory.getLogger(Config.class)).addAppender(logs);
    file =
        TestFiles.write(dir, "bosun.conf", "[DEFAULT]", "periodic_interval = 60", "host = node-1");
  }

  @AfterEach
  void tearDown() {
    ((Logger) LoggerFactory.getLogger(Config.class)).detachAppender(logs);
  }

  private Config load(Map<String, String> env) {
    Config config =
        Config.builder()
            .register(INTERVAL, DEBUG, HOST, PASSWORD, WORKERS)
            .environment(env)
            .args(List.of("--config-file", file.toString()))
            .build();
    config.addListener(heard::add);
    return config;
  }

  @Test
  void mutableChangesAreAppliedAndListenersTold() {
    Config config = load(Map.of());
    TestFiles.write(
        dir, "bosun.conf", "[DEFAULT]", "periodic_interval = 30", "host = node-1", "debug = true");
    ReloadResult result = config.reload();
    assertThat(result.ok()).isTrue();
    assertThat(result.applied()).containsExactlyInAnyOrder(INTERVAL, DEBUG);
    assertThat(result.needsRestart()).isEmpty();
    assertThat(config.get(INTERVAL)).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.get(DEBUG)).isTrue();
    assertThat(heard).containsExactly(Set.of(INTERVAL, DEBUG));
    assertThat(SourcesTest.sourceOf(config, DEBUG)).isEqualTo("file " + file + ":4");
  }

  @Test
  void immutableChangesAreKeptWithARestartWarning() {
    Config config = load(Map.of());
    TestFiles.write(
        dir,
        "bosun.conf",
        "[DEFAULT]",
        "periodic_interval = 60",
        "host = node-2",
        "[database]",
        "password = new-secret");
    ReloadResult result = config.reload();
    assertThat(result.ok()).isTrue();
    assertThat(result.applied()).isEmpty();
    assertThat(result.needsRestart()).containsExactlyInAnyOrder(HOST, PASSWORD);
    assertThat(config.get(HOST)).isEqualTo("node-1");
    assertThat(config.get(PASSWORD)).isEqualTo("old-secret");
    assertThat(heard).isEmpty();
    List<String> warnings = messages(Level.WARN);
    assertThat(warnings)
        .contains(
            "[DEFAULT] host changed from 'node-1' to 'node-2' (file "
                + file
                + ":3) but is not mutable: it needs a restart to take effect; keeping 'node-1'"
                + " until then");
    assertThat(warnings)
        .anySatisfy(
            w ->
                assertThat(w)
                    .startsWith(
                        "[database] password changed"
                            + " from **** to **** (file "
                            + file
                            + ":5) but is not mutable"));
    assertThat(String.join("\n", messages(Level.WARN))).doesNotContain("secret");
  }

  @Test
  void aBrokenFileChangesNothing() {
    Config config = load(Map.of());
    TestFiles.write(
        dir, "bosun.conf", "[DEFAULT]", "periodic_interval = soon", "debug = true", "workers = 0");
    ReloadResult result = config.reload();
    assertThat(result.ok()).isFalse();
    assertThat(result.errors())
        .extracting(Throwable::getMessage)
        .containsExactlyInAnyOrder(
            file
                + ":2: [DEFAULT] periodic_interval = 'soon': expected a duration such as 10, 10s,"
                + " 500ms or PT10S",
            file + ":4: [DEFAULT] workers = '0': expected an integer >= 1");
    assertThat(result.applied()).isEmpty();
    assertThat(config.get(DEBUG)).isFalse();
    assertThat(config.get(INTERVAL)).isEqualTo(Duration.ofSeconds(60));
    assertThat(heard).isEmpty();
    assertThat(messages(Level.ERROR))
        .singleElement()
        .asString()
        .contains("running configuration is unchanged")
        .contains("'soon'");
  }

  @Test
  void aMissingFileChangesNothing() throws Exception {
    Config config = load(Map.of());
    Files.delete(file);
    ReloadResult result = config.reload();
    assertThat(result.errors())
        .extracting(Throwable::getMessage)
        .containsExactly(file + ": config file not found");
    assertThat(config.configFiles()).containsExactly(file);
  }

  @Test
  void reloadRereadsTheEnvironmentMapAndConfigDir() {
    Map<String, String> env = new HashMap<>();
    Path confDir = dir.resolve("conf.d");
    TestFiles.write(confDir, "a.conf", "[DEFAULT]", "workers = 3");
    Config config =
        Config.builder()
            .register(INTERVAL, WORKERS, DEBUG)
            .environment(env)
            .args(List.of("--config-dir", confDir.toString()))
            .build();
    assertThat(config.get(WORKERS)).isEqualTo(3);
    TestFiles.write(confDir, "b.conf", "[DEFAULT]", "workers = 4");
    env.put("BOSUN_DEBUG", "yes");
    assertThat(config.reload().applied()).containsExactlyInAnyOrder(WORKERS, DEBUG);
    assertThat(config.get(WORKERS)).isEqualTo(4);
    assertThat(config.configFiles()).hasSize(2);
  }

  @Test
  void overridesSurviveReloadAndNotifyListeners() {
    Config config = load(Map.of());
    config.set(INTERVAL, Duration.ofSeconds(5));
    assertThat(heard).containsExactly(Set.of(INTERVAL));
    config.set(INTERVAL, Duration.ofSeconds(5));
    assertThat(heard).hasSize(1);
    TestFiles.write(dir, "bosun.conf", "[DEFAULT]", "periodic_interval = 30");
    assertThat(config.reload().applied()).doesNotContain(INTERVAL);
    assertThat(config.get(INTERVAL)).isEqualTo(Duration.ofSeconds(5));
    config.clearOverride(INTERVAL);
    assertThat(config.get(INTERVAL)).isEqualTo(Duration.ofSeconds(30));
    assertThat(heard).containsExactly(Set.of(INTERVAL), Set.of(INTERVAL));
  }

  @Test
  void overridesAreChecked() {
    Config config = load(Map.of());
    assertThatThrownBy(() -> config.set(WORKERS, 0))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage("override: [DEFAULT] workers = '0': expected an integer >= 1");
    @SuppressWarnings({"unchecked", "rawtypes"})
    Opt<Object> raw = (Opt) WORKERS;
    assertThatThrownBy(() -> config.set(raw, "three"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("takes a Integer");
    assertThat(config.get(WORKERS)).isEqualTo(2);
  }

  @Test
  void aFailingListenerDoesNotStopTheOthers() {
    Config config = load(Map.of());
    List<Set<Opt<?>>> second = new ArrayList<>();
    config.addListener(
        changed -> {
          throw new IllegalStateException("boom");
        });
    config.addListener(second::add);
    config.set(DEBUG, true);
    assertThat(heard).containsExactly(Set.of(DEBUG));
    assertThat(second).containsExactly(Set.of(DEBUG));
    assertThat(messages(Level.ERROR)).singleElement().asString().contains("failed");
  }

  @Test
  void readersSeeOneSnapshotDuringReloads() throws Exception {
    Opt<Integer> a = Opt.integer("a").mutable().defaultValue(0).help("h").build();
    Opt<Integer> b = Opt.integer("b").mutable().defaultValue(0).help("h").build();
    Map<String, String> env = new java.util.concurrent.ConcurrentHashMap<>();
    Config config = Config.builder().register(a, b).environment(env).build();
    List<String> mixes = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              for (int i = 0; i < 20_000; i++) {
                List<EffectiveValue> values = config.effectiveValues();
                if (!values.get(0).value().equals(values.get(1).value())) {
                  mixes.add(values.toString());
                }
              }
            });
    reader.start();
    for (int i = 1; i <= 300 && reader.isAlive(); i++) {
      env.put("BOSUN_A", Integer.toString(i));
      env.put("BOSUN_B", Integer.toString(i));
      assertThat(config.reload().ok()).isTrue();
    }
    reader.join();
    assertThat(mixes).isEmpty();
  }

  private List<String> messages(Level level) {
    return logs.list.stream()
        .filter(e -> e.getLevel() == level)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }
}
