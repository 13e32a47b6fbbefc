package dev.bosun.tck;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The real oslo.messaging peers of {@code shared/interop/} (oslo.messaging 14.0.3 with {@code
 * py_rpc_client.py} and its siblings), run with {@code /usr/bin/python3}, for the tests that check
 * Bosun against oslo on a real broker. The scripts are found in {@code shared/interop} of the
 * working directory or an ancestor (CI keeps {@code shared/} beside the clone), else at {@code
 * $BOSUN_INTEROP_DIR}.
 *
 * <p>Like {@link ExternalServices}: missing scripts or a missing {@code python3-oslo.messaging}
 * skip the test, or fail it under {@code BOSUN_REQUIRE_SERVICES=1}. Safe from any thread; whether
 * Python imports oslo.messaging is asked once per JVM.
 */
public final class OsloInterop {
  /** The Python that runs the scripts. */
  public static final String PYTHON = "/usr/bin/python3";

  private static final String MARKER = "py_rpc_client.py";
  private static volatile @Nullable String problem;

  private OsloInterop() {}

  /**
   * The script directory; skips or fails the calling test unless RabbitMQ, the scripts and
   * oslo.messaging are all here.
   */
  public static Path assumeAvailable() {
    ExternalServices.assumeReachable(ExternalServices.RABBITMQ);
    Optional<Path> dir = scriptDir();
    String why =
        dir.isEmpty()
            ? "the oslo.messaging interop scripts (shared/interop) were not found in "
                + Path.of("").toAbsolutePath()
                + " or an ancestor; set BOSUN_INTEROP_DIR"
            : osloProblem();
    if (!why.isEmpty()) {
      String message = why + "; install with: apt-get install -y python3-oslo.messaging";
      if (ExternalServices.required()) {
        Assertions.fail(message + " [BOSUN_REQUIRE_SERVICES=1, so this is a failure]");
      }
      Assumptions.abort(message + " [test skipped]");
    }
    return dir.orElseThrow();
  }

  private static Optional<Path> scriptDir() {
    String env = System.getenv("BOSUN_INTEROP_DIR");
    if (env != null && Files.isRegularFile(Path.of(env, MARKER))) {
      return Optional.of(Path.of(env));
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared").resolve("interop");
      if (Files.isRegularFile(candidate.resolve(MARKER))) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static String osloProblem() {
    if (problem == null) {
      try {
        Process p =
            new ProcessBuilder(PYTHON, "-c", "import oslo_messaging")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        problem = p.waitFor() == 0 ? "" : PYTHON + " cannot import oslo_messaging: " + out.trim();
      } catch (IOException e) {
        problem = PYTHON + " cannot run: " + e.getMessage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        problem = "interrupted";
      }
    }
    return problem;
  }
}
