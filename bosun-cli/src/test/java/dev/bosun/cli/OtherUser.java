package dev.bosun.cli;

import dev.bosun.tck.ExternalServices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A second Unix user, {@value #NAME}, that tests act as (with runuser) to try what a hostile local
 * user would. Tests run as root in CI, which creates the user ({@code .ci/run}); elsewhere they are
 * skipped with a message saying how to run them, unless {@code BOSUN_REQUIRE_SERVICES=1}.
 */
final class OtherUser {
  static final String NAME = "bosun-other";

  /** What one command run as the other user did. */
  record Result(int exitCode, String output) {
    @Override
    public String toString() {
      return "exit " + exitCode + ": " + output;
    }
  }

  private OtherUser() {}

  /** Skips or fails the calling test unless this JVM can run commands as {@value #NAME}. */
  static void assumeAvailable() {
    String problem = problem();
    if (problem.isEmpty()) {
      return;
    }
    String message =
        "cannot act as a second local user: "
            + problem
            + "; as root: useradd --system --no-create-home --shell /usr/sbin/nologin "
            + NAME;
    if (ExternalServices.required()) {
      Assertions.fail(message + " [BOSUN_REQUIRE_SERVICES=1, so this is a failure]");
    }
    Assumptions.abort(message + " [test skipped; set BOSUN_REQUIRE_SERVICES=1 to fail instead]");
  }

  private static String problem() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return "the tests run as " + System.getProperty("user.name") + ", not root";
    }
    if (!Files.isExecutable(Path.of("/usr/sbin/runuser"))
        && !Files.isExecutable(Path.of("/sbin/runuser"))) {
      return "runuser is not installed";
    }
    Result id = runAsRoot(List.of("id", "-u", NAME));
    if (id.exitCode() != 0) {
      return "there is no user " + NAME + " (" + id.output().strip() + ")";
    }
    return "";
  }

  /** Runs {@code command} as {@value #NAME} in {@code workDir}; output and error together. */
  static Result run(Path workDir, List<String> command) {
    List<String> full = new ArrayList<>(List.of("runuser", "-u", NAME, "--"));
    full.addAll(command);
    return exec(workDir, full);
  }

  /**
   * A directory every user can read, with copies of the class path entries whose file name contains
   * one of {@code names} (the JVM's own jars under /root are not readable by others).
   *
   * @return the class path of the copies
   */
  static String readableClassPath(Path dir, String... names) throws IOException {
    Files.createDirectories(dir);
    makeReadable(dir);
    List<String> copies = new ArrayList<>();
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    int index = 0;
    for (String entry : classPath.split(java.io.File.pathSeparator, -1)) {
      Path source = Path.of(entry);
      if (!Files.exists(source) || !matches(source, names)) {
        continue;
      }
      Path target = dir.resolve(index++ + "-" + source.getFileName());
      copyTree(source, target);
      copies.add(target.toString());
    }
    return String.join(java.io.File.pathSeparator, copies);
  }

  /** Mode 0755 for a directory, 0644 for a file. */
  static void makeReadable(Path path) throws IOException {
    Files.setPosixFilePermissions(
        path, PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
  }

  private static boolean matches(Path entry, String... names) {
    if (names.length == 0) {
      return true;
    }
    String text = entry.toString();
    for (String name : names) {
      if (text.contains(name)) {
        return true;
      }
    }
    return false;
  }

  private static void copyTree(Path source, Path target) throws IOException {
    try (var paths = Files.walk(source)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        Path to = target.resolve(source.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(to);
        } else {
          Files.copy(path, to);
        }
        makeReadable(to);
      }
    }
  }

  static Result runAsRoot(List<String> command) {
    return exec(Path.of("/"), command);
  }

  private static Result exec(Path workDir, List<String> command) {
    try {
      Process process =
          new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
      process.getOutputStream().close();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(BosunProcess.WAIT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("did not finish within " + BosunProcess.WAIT + ": " + command);
      }
      return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + command, e);
    }
  }
}
