package dev.bosun.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Where secrets may come from besides their own option, and which sources expose them.
 *
 * <p>Every {@linkplain Opt#secret() secret} option {@code name} has a companion {@code name_file}
 * in every source ({@code transport_url_file = /etc/bosun/transport_url} in a file, {@code
 * BOSUN_TRANSPORT_URL_FILE}, {@code --transport-url-file}): the path of a file that holds the
 * value, as Docker secrets and systemd credentials are handed over. The file must be readable by
 * its owner only (no group or other permission bits, as PostgreSQL requires of {@code .pgpass});
 * one trailing line break is dropped. Config files and directories that every user may write to are
 * refused, since anyone could then change what Bosun runs with.
 */
final class SecretFiles {
  /** The suffix of the companion option that names a file holding a secret's value. */
  static final String SUFFIX = "_file";

  private static final long MAX_SIZE = 64 * 1024;
  private static final Set<PosixFilePermission> GROUP_OR_OTHERS =
      EnumSet.complementOf(
          EnumSet.of(
              PosixFilePermission.OWNER_READ,
              PosixFilePermission.OWNER_WRITE,
              PosixFilePermission.OWNER_EXECUTE));
  private static final Pattern URL_PASSWORD = Pattern.compile("://[^/@?#]*:[^/@?#]+@");
  private static final Pattern PASSWORD_SETTING = Pattern.compile("(?i)password\\s*=\\s*[^&;\\s]");

  private SecretFiles() {}

  /** The key of {@code opt}'s companion {@code name_file} option, in the same group. */
  static Key fileKey(Opt<?> opt) {
    return Key.of(opt.group(), opt.name() + SUFFIX);
  }

  /**
   * The value of {@code opt} read from the file {@code path} that {@code namedBy} names.
   *
   * @throws ConfigFileException when the file is missing, unreadable, too large, not UTF-8, or
   *     readable by the group or others
   */
  static String read(Opt<?> opt, Path path, ValueSource namedBy) {
    String what = opt + " from " + namedBy.location();
    try {
      if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
        if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
          throw new ConfigFileException(
              path,
              0,
              "holds the secret "
                  + what
                  + " but other users may read it ("
                  + PosixFilePermissions.toString(permissions)
                  + "); a secret file must be readable by its owner only. Fix it with: chmod 600 "
                  + path);
        }
      }
      if (Files.size(path) > MAX_SIZE) {
        throw new ConfigFileException(
            path, 0, "holds the secret " + what + " but is larger than " + MAX_SIZE + " bytes");
      }
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(path)))
              .toString();
      if (text.endsWith("\r\n")) {
        return text.substring(0, text.length() - 2);
      }
      return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    } catch (NoSuchFileException e) {
      throw new ConfigFileException(path, 0, "secret file for " + what + " not found");
    } catch (CharacterCodingException e) {
      throw new ConfigFileException(path, 0, "secret file for " + what + " is not valid UTF-8");
    } catch (IOException e) {
      throw new ConfigFileException(path, "cannot read the secret file for " + what + ": " + e, e);
    }
  }

  /**
   * Whether {@code text}, the value of a secret option, holds a secret: a URL or JDBC URL only when
   * it carries a password ({@code user:pass@}, {@code password=}), anything else when it is not
   * empty.
   */
  static boolean holdsSecret(String text) {
    if (text.contains("://") || text.startsWith("jdbc:")) {
      return URL_PASSWORD.matcher(text).find() || PASSWORD_SETTING.matcher(text).find();
    }
    return !text.isEmpty();
  }

  /**
   * A problem when {@code path}, a config file or directory, may be written by every user; else
   * null.
   */
  static @Nullable ConfigFileException worldWritable(Path path, String what) {
    if (!path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return null;
    }
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
      if (!permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
        return null;
      }
      return new ConfigFileException(
          path,
          0,
          what
              + " is writable by every user ("
              + PosixFilePermissions.toString(permissions)
              + "), so anyone could change how Bosun runs; Bosun refuses it. Fix it with: chmod"
              + " o-w "
              + path);
    } catch (IOException e) {
      return null; // missing or unreadable: reading it reports that
    }
  }
}
