package dev.bosun.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.config.Config;
import dev.bosun.config.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Settings in [database] connection that read files, run code or load classes are refused. */
class ConnectionSettingsTest {

  private static String refusal(String url) {
    Config config = Config.builder().register(DatabaseOptions.group()).build();
    config.set(DatabaseOptions.CONNECTION, url);
    try {
      DatabaseOptions.connection(config);
    } catch (ConfigException e) {
      return e.getMessage();
    }
    throw new AssertionError("accepted: " + url);
  }

  @Test
  void h2InitIsRefusedHoweverItIsSpelt() {
    for (String url :
        List.of(
            "jdbc:h2:mem:x;INIT=RUNSCRIPT FROM '/etc/passwd'",
            "jdbc:h2:mem:x;init=CREATE ALIAS X AS 'String x() { return \"\"; }'",
            "jdbc:h2:mem:x;IN\\IT=RUNSCRIPT FROM '/etc/passwd'",
            "jdbc:h2:file:/tmp/x;MODE=PostgreSQL;Init=SELECT 1",
            "jdbc:h2:tcp://127.0.0.1/x;INIT=CREATE TRIGGER T BEFORE INSERT ON X CALL 'a.B'")) {
      String message = refusal(url);

      assertThat(message).as(url).contains("[database] connection sets INIT").contains("runs SQL");
      assertThat(message)
          .as(url)
          .doesNotContain("/etc/passwd")
          .doesNotContain("ALIAS X")
          .doesNotContain("TRIGGER");
    }
  }

  @Test
  void h2SettingsThatLoadClassesOrOpenAServerAreRefusedByName() {
    assertThat(refusal("jdbc:h2:mem:x;DATABASE_EVENT_LISTENER='com.evil.Listener'"))
        .contains("DATABASE_EVENT_LISTENER")
        .contains("Java class")
        .doesNotContain("com.evil");
    assertThat(refusal("jdbc:h2:mem:x;JAVA_OBJECT_SERIALIZER='com.evil.S'"))
        .contains("JAVA_OBJECT_SERIALIZER");
    assertThat(refusal("jdbc:h2:file:/tmp/x;AUTO_SERVER=TRUE"))
        .contains("AUTO_SERVER")
        .contains("other local users");
  }

  /** Every H2 setting's value goes into a SET statement: '\;' would start a second statement. */
  @Test
  void h2ValuesThatCouldCarrySqlAreRefused() {
    String message = refusal("jdbc:h2:mem:x;MODE=PostgreSQL\\;RUNSCRIPT FROM '/etc/passwd'");

    assertThat(message).contains("MODE").doesNotContain("/etc/passwd");
  }

  @Test
  void unknownH2SettingsAreRefusedWithTheAcceptedOnes() {
    assertThat(refusal("jdbc:h2:mem:x;IGNORE_UNKNOWN_SETTINGS=TRUE"))
        .contains("'IGNORE_UNKNOWN_SETTINGS'")
        .contains("DB_CLOSE_DELAY");
  }

  @Test
  void plainH2AndPostgresqlUrlsAreAccepted() {
    for (String url :
        List.of(
            "jdbc:h2:mem:x;DB_CLOSE_DELAY=-1;MODE=PostgreSQL",
            "jdbc:h2:file:/var/lib/bosun/bosun;USER=sa;PASSWORD=p\\;a=ss",
            "jdbc:h2:file:/var/lib/bosun/bosun;IFEXISTS=TRUE;NON_KEYWORDS=VALUE,KEY",
            "jdbc:postgresql://db:5432/bosun?user=bosun&password=s&sslmode=verify-full"
                + "&sslrootcert=/etc/bosun/ca.pem",
            "jdbc:postgresql://db/bosun?sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory")) {
      assertThatCode(() -> ConnectionSettings.check(url)).as(url).doesNotThrowAnyException();
    }
  }

  @Test
  void postgresqlParametersThatLoadClassesOrWriteFilesAreRefused() {
    for (String parameter :
        List.of(
            "socketFactory",
            "sslfactory",
            "sslhostnameverifier",
            "sslpasswordcallback",
            "authenticationPluginClassName",
            "xmlFactoryFactory",
            "SOCKETFACTORY",
            "socket%46actory")) {
      String url = "jdbc:postgresql://db/bosun?user=u&" + parameter + "=com.evil.Factory";

      assertThatThrownBy(() -> ConnectionSettings.check(url))
          .as(url)
          .hasMessageContaining("Java class")
          .hasMessageNotContaining("com.evil");
    }
    assertThat(refusal("jdbc:postgresql://db/bosun?loggerLevel=DEBUG&loggerFile=/etc/cron.d/x"))
        .contains("loggerFile")
        .doesNotContain("/etc/cron.d");
  }
}
