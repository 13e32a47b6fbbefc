package dev.bosun.cli;

import dev.bosun.tck.ExternalServices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The real oslo.messaging RPC client of {@code shared/interop/py_rpc_client.py}, run with
 * {@code /usr/bin/python3}, as bosun-rabbit's interop tests run it: the scripts are at
 * {@code ../shared/interop} from the repository root or an ancestor, or at
 * {@code $BOSUN_INTEROP_DIR}. Without them or without {@code python3-oslo.messaging} the test
 * is skipped, or fails under {@code BOSUN_REQUIRE_SERVICES=1}.
 */
final class OsloClient {
  static final String PYTHON = "/usr/bin/python3";
  private static volatile String problem;

  private OsloClient() {}

  /** What one run of the client printed, and its exit status. */
  record Result(int exitCode, String output) {
    boolean passed() {
      return exitCode == 0 && output.contains("PASS SUMMARY");
    }
  }

  /** The script directory; skips or fails the calling test when the client cannot run here. */
  static Path assumeAvailable() {
    ExternalServices.assumeReachable(ExternalServices.RABBITMQ);
    Optional<Path> dir = scriptDir();
    String why = dir.isEmpty()
        ? "the oslo.messaging interop scripts (shared/interop) were not found in an ancestor of "
            + Path.of("").toAbsolutePath() + "; set BOSUN_INTEROP_DIR"
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

  /** Runs {@code py_rpc_client.py ARGS} to its end (at most {@code timeoutSeconds}). */
  static Result run(Path scripts, long timeoutSeconds, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(
        List.of(PYTHON, scripts.resolve("py_rpc_client.py").toString()));
    command.addAll(List.of(args));
    Path log = Files.createTempFile("py_rpc_client", ".log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    try {
      boolean exited = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
      String output = Files.readString(log, StandardCharsets.UTF_8);
      return exited ? new Result(process.exitValue(), output)
          : new Result(-1, output + "\n(did not exit within " + timeoutSeconds + " s)");
    } finally {
      process.destroyForcibly();
      Files.deleteIfExists(log);
    }
  }

  private static Optional<Path> scriptDir() {
    String env = System.getenv("BOSUN_INTEROP_DIR");
    if (env != null && Files.isRegularFile(Path.of(env, "py_rpc_client.py"))) {
      return Optional.of(Path.of(env));
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared").resolve("interop");
      if (Files.isRegularFile(candidate.resolve("py_rpc_client.py"))) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static String osloProblem() {
    if (problem == null) {
      try {
        Process p = new ProcessBuilder(PYTHON, "-c", "import oslo_messaging")
            .redirectErrorStream(true).start();
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
