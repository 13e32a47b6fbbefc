package dev.bosun.service;

import dev.bosun.config.ConfigException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory named by {@code [DEFAULT] state_path}, where Bosun keeps the embedded database and
 * its secret: only the user that runs Bosun may enter it.
 *
 * <p>A new directory is created with mode {@code 0700} (its missing parents with the usual
 * permissions), and the files Bosun keeps in it are made {@code 0600}. An existing directory is
 * checked: one that belongs to another user, or that the group or others may write to, is refused
 * (they could swap the database Bosun opens, and an H2 database can carry code that runs as the
 * user who opens it); one that the group or others may read or enter is used, with a warning, since
 * the files inside are {@code 0600} anyway. Both messages give the command that fixes it. On a file
 * system without POSIX permissions nothing is checked.
 */
public final class StateDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(StateDirectory.class);
  private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_ONLY_FILE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OTHERS_WRITE =
      EnumSet.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

  private StateDirectory() {}

  /**
   * Creates {@code dir} with mode {@code 0700} when it does not exist, else {@linkplain #check
   * checks} it.
   *
   * @return {@code dir} as an absolute, normalised path
   * @throws ConfigException when it cannot be created, is not a directory, belongs to another user,
   *     or the group or others may write to it
   */
  public static Path prepare(Path dir) {
    Path path = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      try {
        if (path.getParent() != null) {
          Files.createDirectories(path.getParent());
        }
        if (isPosix(path.getParent() == null ? path : path.getParent())) {
          Files.createDirectory(path, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
          // the umask may have taken bits away, never added any; set exactly 0700 all the same
          Files.setPosixFilePermissions(path, OWNER_ONLY_DIRECTORY);
        } else {
          Files.createDirectory(path);
        }
        LOG.debug("Created the state directory {} (mode 0700)", path);
        return path;
      } catch (FileAlreadyExistsException e) {
        // another process created it at the same time: check theirs
      } catch (IOException e) {
        throw new ConfigException(
            "cannot create the state directory "
                + path
                + " ([DEFAULT] state_path): "
                + e
                + "; create it (mkdir -m 700 "
                + path
                + ") or set state_path to a directory you own",
            e);
      }
    }
    check(path);
    return path;
  }

  /**
   * Checks an existing state directory: refused when it is not a directory, belongs to another
   * user, or the group or others may write to it; a warning when they may read or enter it.
   *
   * @throws ConfigException naming the directory, what is wrong and the command that fixes it
   */
  public static void check(Path dir) {
    Path path = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
    if (!Files.isDirectory(path)) {
      throw new ConfigException(
          "the state directory " + path + " ([DEFAULT] state_path) is not a directory");
    }
    if (!isPosix(path)) {
      return;
    }
    try {
      String owner = Files.getOwner(path).getName();
      String me = System.getProperty("user.name", "");
      if (!owner.equals(me)) {
        throw new ConfigException(
            "the state directory "
                + path
                + " ([DEFAULT] state_path) belongs to "
                + owner
                + ", not to "
                + me
                + " who runs Bosun: "
                + owner
                + " could put a database there that runs code as "
                + me
                + ". Run Bosun as "
                + owner
                + " (sudo -u "
                + owner
                + " bosun ...), or fix it with: chown "
                + me
                + " "
                + path);
      }
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
      String mode = PosixFilePermissions.toString(permissions);
      if (permissions.stream().anyMatch(OTHERS_WRITE::contains)) {
        throw new ConfigException(
            "the state directory "
                + path
                + " ([DEFAULT] state_path) is writable by other users ("
                + mode
                + "): they could replace the database Bosun opens. Fix it with: chmod 700 "
                + path);
      }
      if (!OWNER_ONLY_DIRECTORY.containsAll(permissions)) {
        LOG.warn(
            "The state directory {} ([DEFAULT] state_path) can be read by other users ({}); Bosun"
                + " keeps its files in it readable by {} only, but fix it with: chmod 700 {}",
            path,
            mode,
            me,
            path);
      }
    } catch (IOException e) {
      throw new ConfigException(
          "cannot read the owner and permissions of the state directory " + path + ": " + e, e);
    }
  }

  /**
   * Makes {@code file} readable and writable by its owner only ({@code 0600}); does nothing when it
   * does not exist or the file system has no POSIX permissions.
   *
   * @throws ConfigException when the permissions cannot be changed
   */
  public static void restrictToOwner(Path file) {
    Objects.requireNonNull(file, "file");
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || !isPosix(file)) {
      return;
    }
    try {
      if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY_FILE)) {
        Files.setPosixFilePermissions(file, OWNER_ONLY_FILE);
      }
    } catch (IOException e) {
      throw new ConfigException(
          "cannot make " + file + " readable by its owner only (chmod 600 " + file + "): " + e, e);
    }
  }

  private static boolean isPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
