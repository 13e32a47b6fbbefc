package dev.bosun.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.bosun.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The state directory is the owner's alone; a looser one is reported with the fix. */
class StateDirectoryTest {
  @TempDir Path dir;
  private ListAppender<ILoggingEvent> logs;

  @BeforeEach
  void captureLogs() {
    logs = new ListAppender<>();
    logs.start();
    ((Logger) LoggerFactory.getLogger(StateDirectory.class)).addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    ((Logger) LoggerFactory.getLogger(StateDirectory.class)).detachAppender(logs);
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  @Test
  void aNewDirectoryIsOwnerOnlyAndItsMissingParentsAreMade() throws IOException {
    Path state = dir.resolve("a/b/state");

    assertThat(StateDirectory.prepare(state)).isEqualTo(state.toAbsolutePath());

    assertThat(mode(state)).isEqualTo("rwx------");
    assertThat(logs.list).isEmpty();
  }

  @Test
  void aDirectoryOthersMayReadIsUsedWithOneWarningThatGivesTheFix() throws IOException {
    Path state = Files.createDirectory(dir.resolve("state"));
    Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxr-x---"));

    StateDirectory.prepare(state);

    assertThat(logs.list).hasSize(1);
    assertThat(logs.list.get(0).getLevel()).isEqualTo(Level.WARN);
    assertThat(logs.list.get(0).getFormattedMessage())
        .contains("can be read by other users (rwxr-x---)")
        .contains("chmod 700 " + state.toAbsolutePath());
  }

  @Test
  void aDirectoryTheGroupOrOthersMayWriteIsRefusedWithTheFix() throws IOException {
    for (String permissions : new String[] {"rwxrwx---", "rwx---rwx", "rwx-w----"}) {
      Path state = Files.createDirectory(dir.resolve("state-" + permissions));
      Files.setPosixFilePermissions(state, PosixFilePermissions.fromString(permissions));

      assertThatThrownBy(() -> StateDirectory.prepare(state))
          .as(permissions)
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("is writable by other users (" + permissions + ")")
          .hasMessageContaining("chmod 700 " + state.toAbsolutePath());
    }
  }

  @Test
  void aFileIsNotAStateDirectory() throws IOException {
    Path file = Files.writeString(dir.resolve("file"), "x");

    assertThatThrownBy(() -> StateDirectory.prepare(file)).hasMessageContaining("not a directory");
  }

  @Test
  void restrictToOwnerMakesAFile0600() throws IOException {
    Path file = Files.writeString(dir.resolve("f"), "x");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));

    StateDirectory.restrictToOwner(file);

    assertThat(mode(file)).isEqualTo("rw-------");
  }
}
