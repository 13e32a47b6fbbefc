package dev.bosun.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Secrets in the configuration: the name_file form with its 0600 check, a warning when the command
 * line carries one, and config files that every user may write to refused.
 */
class SecretSourcesTest {
  static final Opt<String> TRANSPORT_URL =
      Opt.string("transport_url").secret().defaultValue("memory://").help("Transport.").build();
  static final Opt<String> CONNECTION =
      Opt.string("connection").group("database").secret().help("JDBC URL.").build();
  static final Opt<String> HOST = Opt.string("host").defaultValue("h").help("Host.").build();
  static final String SECRET_URL = "rabbit://bosun:s3cret@mq:5672/";

  @TempDir Path dir;
  private ListAppender<ILoggingEvent> logs;

  @BeforeEach
  void captureLogs() {
    logs = new ListAppender<>();
    logs.start();
    ((Logger) LoggerFactory.getLogger(Config.class)).addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    ((Logger) LoggerFactory.getLogger(Config.class)).detachAppender(logs);
  }

  private static Config load(Map<String, String> env, String... args) {
    return Config.builder()
        .register(TRANSPORT_URL, CONNECTION, HOST)
        .environment(env)
        .args(List.of(args))
        .build();
  }

  private Path secretFile(String name, String content, String mode) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    return file;
  }

  private List<String> warnings() {
    return logs.list.stream()
        .filter(e -> e.getLevel() == Level.WARN)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  @Test
  void aSecretComesFromTheFileThatItsFileOptionNamesInEverySource() throws IOException {
    Path url = secretFile("url", SECRET_URL + "\n", "rw-------");
    Path jdbc = secretFile("jdbc", "jdbc:postgresql://db/bosun?password=p", "r--------");
    Path conf =
        TestFiles.write(dir, "bosun.conf", "[database]", "connection_file = " + jdbc.toString());

    Config fromCommandLine = load(Map.of(), "--transport-url-file", url.toString());
    Config fromEnvironment = load(Map.of("BOSUN_TRANSPORT_URL_FILE", url.toString()));
    Config fromFile = load(Map.of(), "--config-file", conf.toString());

    assertThat(fromCommandLine.get(TRANSPORT_URL)).isEqualTo(SECRET_URL);
    assertThat(fromEnvironment.get(TRANSPORT_URL)).isEqualTo(SECRET_URL);
    assertThat(fromFile.get(CONNECTION)).isEqualTo("jdbc:postgresql://db/bosun?password=p");
    assertThat(fromFile.warnUnknown()).isEmpty();
    EffectiveValue shown =
        fromCommandLine.effectiveValues().stream()
            .filter(v -> v.option().equals(TRANSPORT_URL))
            .findFirst()
            .orElseThrow();
    assertThat(shown.source().toString())
        .isEqualTo("secret file " + url + " (named by command line --transport-url-file)");
    assertThat(shown.value()).contains(Opt.MASK);
    assertThat(warnings()).isEmpty();
  }

  /** As PostgreSQL treats .pgpass, but refused rather than ignored, so that nothing is silent. */
  @Test
  void aSecretFileThatOthersMayReadIsRefusedWithTheFix() throws IOException {
    Path url = secretFile("url", SECRET_URL, "rw-r--r--");

    assertThatThrownBy(() -> load(Map.of(), "--transport-url-file", url.toString()))
        .isInstanceOf(ConfigLoadException.class)
        .hasMessageContaining(url + ": holds the secret [DEFAULT] transport_url")
        .hasMessageContaining("chmod 600 " + url)
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void aMissingSecretFileAndBothFormsAtOnceAreErrors() throws IOException {
    Path url = secretFile("url", SECRET_URL, "rw-------");

    assertThatThrownBy(() -> load(Map.of(), "--transport-url-file", dir.resolve("nope").toString()))
        .hasMessageContaining("secret file for [DEFAULT] transport_url")
        .hasMessageContaining("not found");
    assertThatThrownBy(
            () ->
                load(
                    Map.of(),
                    "--transport-url",
                    "memory://",
                    "--transport-url-file",
                    url.toString()))
        .hasMessageContaining("is set both directly and through transport_url_file");
  }

  @Test
  void aSecretOnTheCommandLineIsOneWarningThatNamesTheOptionNotTheSecret() {
    load(
        Map.of(),
        "--transport-url",
        SECRET_URL,
        "--database-connection",
        "jdbc:postgresql://db/bosun?user=bosun&password=hunter2");

    assertThat(warnings()).hasSize(2);
    assertThat(warnings().get(0) + warnings().get(1))
        .contains("--transport-url on the command line holds a secret")
        .contains("BOSUN_TRANSPORT_URL")
        .contains("--transport-url-file")
        .contains("--database-connection on the command line")
        .contains("BOSUN_DATABASE__CONNECTION")
        .doesNotContain("s3cret")
        .doesNotContain("hunter2");
  }

  @Test
  void valuesWithoutAPasswordOnTheCommandLineAreNotWarnedAbout() {
    load(
        Map.of("BOSUN_TRANSPORT_URL", SECRET_URL),
        "--database-connection",
        "jdbc:postgresql://db/bosun?user=bosun",
        "--host",
        "x");

    assertThat(warnings()).isEmpty();
  }

  @Test
  void aConfigFileOrDirectoryThatEveryUserMayWriteIsRefused() throws IOException {
    Path conf = TestFiles.write(dir, "bosun.conf", "[DEFAULT]", "host = mine");
    Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-rw-rw-"));
    Path confDir = Files.createDirectory(dir.resolve("bosun.conf.d"));
    Files.setPosixFilePermissions(confDir, PosixFilePermissions.fromString("rwxrwxrwx"));

    assertThatThrownBy(() -> load(Map.of(), "--config-file", conf.toString()))
        .isInstanceOf(ConfigLoadException.class)
        .hasMessageContaining(conf + ": config file is writable by every user")
        .hasMessageContaining("chmod o-w " + conf);
    assertThatThrownBy(() -> load(Map.of(), "--config-dir", confDir.toString()))
        .hasMessageContaining(confDir + ": config directory is writable by every user");

    Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-rw-r--"));
    assertThat(load(Map.of(), "--config-file", conf.toString()).get(HOST)).isEqualTo("mine");
  }
}
