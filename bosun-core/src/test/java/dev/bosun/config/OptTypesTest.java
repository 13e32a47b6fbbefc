package dev.bosun.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every option type's parsing and the text of its bad-value error. */
class OptTypesTest {

  private static <T> T read(Opt<T> opt, String text) {
    Config config =
        Config.builder().register(opt).environment(Map.of(opt.environmentVariable(), text)).build();
    return config.get(opt);
  }

  private static String error(Opt<?> opt, String text) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> read(opt, text));
    assertThat(thrown).isInstanceOf(ConfigLoadException.class);
    ConfigLoadException load = (ConfigLoadException) thrown;
    assertThat(load.problems()).hasSize(1).first().isInstanceOf(InvalidValueException.class);
    return load.problems().get(0).getMessage();
  }

  @Test
  void string() {
    Opt<String> opt = Opt.string("host").help("h").build();
    assertThat(read(opt, "node-1")).isEqualTo("node-1");
    assertThat(read(opt, "")).isEmpty();
  }

  @Test
  void stringWithChoices() {
    Opt<String> opt = Opt.string("mode").choices("a", "b").help("h").build();
    assertThat(read(opt, "b")).isEqualTo("b");
    assertThat(error(opt, "c"))
        .isEqualTo("env BOSUN_MODE: [DEFAULT] mode = 'c': expected one of: a, b");
  }

  @Test
  void integer() {
    Opt<Integer> opt = Opt.integer("workers").help("h").build();
    assertThat(read(opt, " 42 ")).isEqualTo(42);
    assertThat(read(opt, "-3")).isEqualTo(-3);
    assertThat(error(opt, "4x"))
        .isEqualTo("env BOSUN_WORKERS: [DEFAULT] workers = '4x': expected an integer");
    assertThat(error(opt, "99999999999")).endsWith("expected an integer");
  }

  @Test
  void integerBounds() {
    Opt<Integer> min = Opt.integer("a").min(1).help("h").build();
    Opt<Integer> max = Opt.integer("b").max(10).help("h").build();
    Opt<Integer> both = Opt.integer("c").min(1).max(10).help("h").build();
    assertThat(read(min, "1")).isEqualTo(1);
    assertThat(error(min, "0"))
        .isEqualTo("env BOSUN_A: [DEFAULT] a = '0': expected an integer >= 1");
    assertThat(error(max, "11")).endsWith("expected an integer <= 10");
    assertThat(error(both, "11")).endsWith("expected an integer between 1 and 10");
    assertThat(error(both, "ten")).endsWith("expected an integer between 1 and 10");
  }

  @Test
  void floating() {
    Opt<Double> opt = Opt.floating("ratio").min(0.0).max(1.0).help("h").build();
    assertThat(read(opt, "0.25")).isEqualTo(0.25);
    assertThat(error(opt, "1.5")).endsWith("= '1.5': expected a number between 0.0 and 1.0");
    Opt<Double> free = Opt.floating("weight").help("h").build();
    assertThat(error(free, "NaN")).endsWith("expected a number such as 1.5");
    assertThat(error(free, "heavy")).endsWith("= 'heavy': expected a number such as 1.5");
  }

  @Test
  void bool() {
    Opt<Boolean> opt = Opt.bool("debug").help("h").build();
    for (String yes : List.of("true", "True", "yes", "on", "1")) {
      assertThat(read(opt, yes)).as(yes).isTrue();
    }
    for (String no : List.of("false", "FALSE", "no", "off", "0")) {
      assertThat(read(opt, no)).as(no).isFalse();
    }
    assertThat(error(opt, "maybe"))
        .isEqualTo(
            "env BOSUN_DEBUG: [DEFAULT] debug = 'maybe':"
                + " expected a boolean: true/false, yes/no, on/off or 1/0");
  }

  @Test
  void list() {
    Opt<List<String>> opt = Opt.list("backends").help("h").build();
    assertThat(read(opt, "a, b ,c")).containsExactly("a", "b", "c");
    assertThat(read(opt, "")).isEmpty();
    assertThat(read(opt, "a,\nb\nc")).containsExactly("a", "b", "c");
  }

  @Test
  void dict() {
    Opt<Map<String, String>> opt = Opt.dict("quotas").help("h").build();
    assertThat(read(opt, "cores:10, ram : 512,url:http://x:1"))
        .containsExactly(
            Map.entry("cores", "10"), Map.entry("ram", "512"), Map.entry("url", "http://x:1"));
    assertThat(read(opt, "")).isEmpty();
    assertThat(error(opt, "cores=10"))
        .isEqualTo(
            "env BOSUN_QUOTAS: [DEFAULT] quotas = 'cores=10':"
                + " expected key:value pairs separated by commas, such as a:1,b:2");
  }

  @Test
  void duration() {
    Opt<Duration> opt = Opt.duration("report_interval").help("h").build();
    assertThat(read(opt, "10")).isEqualTo(Duration.ofSeconds(10));
    assertThat(read(opt, "10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(read(opt, "500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(read(opt, "5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(read(opt, "2h")).isEqualTo(Duration.ofHours(2));
    assertThat(read(opt, "1d")).isEqualTo(Duration.ofDays(1));
    assertThat(read(opt, "1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(read(opt, "PT10S")).isEqualTo(Duration.ofSeconds(10));
    assertThat(read(opt, "pt1m")).isEqualTo(Duration.ofMinutes(1));
    assertThat(error(opt, "ten"))
        .isEqualTo(
            "env BOSUN_REPORT_INTERVAL: [DEFAULT] report_interval"
                + " = 'ten': expected a duration such as 10, 10s, 500ms or PT10S");
    assertThat(error(opt, "10 years"))
        .endsWith("expected a duration such as 10, 10s, 500ms or PT10S");
  }

  @Test
  void durationBounds() {
    Opt<Duration> opt =
        Opt.duration("service_down_time")
            .min(Duration.ofSeconds(1))
            .max(Duration.ofHours(1))
            .help("h")
            .build();
    assertThat(read(opt, "60")).isEqualTo(Duration.ofMinutes(1));
    assertThat(error(opt, "500ms")).endsWith("= '500ms': expected a duration between 1s and 1h");
    assertThat(error(opt, "2h")).endsWith("expected a duration between 1s and 1h");
  }

  @Test
  void choice() {
    Opt<String> opt = Opt.choice("restart_method", "reload", "mutate").help("h").build();
    assertThat(read(opt, "mutate")).isEqualTo("mutate");
    assertThat(error(opt, "Mutate"))
        .isEqualTo(
            "env BOSUN_RESTART_METHOD: [DEFAULT]"
                + " restart_method = 'Mutate': expected one of: reload, mutate");
  }

  @Test
  void port() {
    Opt<Integer> opt = Opt.port("listen_port").help("h").build();
    assertThat(read(opt, "0")).isZero();
    assertThat(read(opt, "65535")).isEqualTo(65535);
    assertThat(error(opt, "65536"))
        .isEqualTo(
            "env BOSUN_LISTEN_PORT: [DEFAULT] listen_port ="
                + " '65536': expected a port number between 0 and 65535");
    assertThat(error(opt, "-1")).endsWith("expected a port number between 0 and 65535");
    Opt<Integer> narrowed = Opt.port("p").min(1024).help("h").build();
    assertThat(error(narrowed, "80")).endsWith("expected a port number >= 1024");
  }

  @Test
  void url() {
    Opt<String> opt = Opt.url("transport_url").help("h").build();
    assertThat(read(opt, "rabbit://guest:guest@127.0.0.1:5672/"))
        .isEqualTo("rabbit://guest:guest@127.0.0.1:5672/");
    assertThat(read(opt, "rabbit://u:p@h1:5672,u:p@h2:5672/vhost"))
        .isEqualTo("rabbit://u:p@h1:5672,u:p@h2:5672/vhost");
    assertThat(read(opt, " memory:// ")).isEqualTo("memory://");
    assertThat(read(opt, "jdbc:h2:mem:bosun")).isEqualTo("jdbc:h2:mem:bosun");
    assertThat(error(opt, "http://bad host/"))
        .endsWith("expected a URL such as rabbit://user:pass@host:5672/");
    assertThat(error(opt, "no scheme here"))
        .isEqualTo(
            "env BOSUN_TRANSPORT_URL: [DEFAULT]"
                + " transport_url = 'no scheme here': expected a URL such as rabbit://user:pass@host:5672/");
    assertThat(error(opt, "/just/a/path"))
        .endsWith("expected a URL such as rabbit://user:pass@host:5672/");
  }

  @Test
  void badValueOfSecretIsMasked() {
    Opt<String> opt = Opt.url("transport_url").secret().help("h").build();
    assertThat(error(opt, "rabbit://user:hunter2@host /x"))
        .isEqualTo(
            "env BOSUN_TRANSPORT_URL: [DEFAULT] transport_url = '****':"
                + " expected a URL such as rabbit://user:pass@host:5672/")
        .doesNotContain("hunter2");
  }

  @Test
  void formatReadsBack() {
    Opt<Duration> duration = Opt.duration("d").help("h").build();
    assertThat(duration.format(Duration.ofSeconds(10))).isEqualTo("10");
    assertThat(duration.format(Duration.ofMillis(500))).isEqualTo("500ms");
    assertThat(duration.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    Opt<Map<String, String>> dict = Opt.dict("m").help("h").build();
    assertThat(dict.format(Map.of("a", "1"))).isEqualTo("a:1");
    Opt<List<String>> list = Opt.list("l").help("h").build();
    assertThat(list.format(List.of("a", "b"))).isEqualTo("a,b");
  }

  @Test
  void declarationsAreCheckedAtTheDoor() {
    assertThatThrownBy(() -> Opt.string("Bad-Name"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'Bad-Name'");
    assertThatThrownBy(() -> Opt.string("x").group("bad group"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'bad group'");
    assertThatThrownBy(() -> Opt.string("x").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs help text");
    assertThatThrownBy(() -> Opt.string("x").min("a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("min is not supported");
    assertThatThrownBy(() -> Opt.list("x").choices(List.of("a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("choices");
    assertThatThrownBy(() -> Opt.integer("x").min(5).max(1).help("h").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("min 5 is greater than max 1");
    assertThatThrownBy(() -> Opt.integer("workers").min(1).defaultValue(0).help("h").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[DEFAULT] workers = '0': expected an integer >= 1");
    assertThatThrownBy(() -> Opt.choice("x").help("h"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one choice");
  }

  @Test
  void equalDeclarationsAreEqual() {
    Opt<Integer> a = Opt.integer("x").group("g").min(1).defaultValue(3).help("h").build();
    Opt<Integer> b = Opt.integer("x").group("g").min(1).defaultValue(3).help("h").build();
    Opt<Integer> c = Opt.integer("x").group("g").min(1).defaultValue(4).help("h").build();
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
    assertThat(a.toString()).isEqualTo("[g] x");
  }

  @Test
  void namesInOtherSources() {
    Opt<String> inDefault = Opt.string("report_interval").help("h").build();
    Opt<String> inGroup = Opt.string("connection").group("database").help("h").build();
    assertThat(inDefault.commandLineName()).isEqualTo("--report-interval");
    assertThat(inDefault.environmentVariable()).isEqualTo("BOSUN_REPORT_INTERVAL");
    assertThat(inGroup.commandLineName()).isEqualTo("--database-connection");
    assertThat(inGroup.environmentVariable()).isEqualTo("BOSUN_DATABASE__CONNECTION");
    assertThat(inGroup.environmentVariable("NOVA")).isEqualTo("NOVA_DATABASE__CONNECTION");
  }
}
