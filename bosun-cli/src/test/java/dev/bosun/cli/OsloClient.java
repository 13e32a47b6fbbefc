package dev.bosun.cli;

import dev.bosun.tck.OsloInterop;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real oslo.messaging RPC client of {@code shared/interop/py_rpc_client.py}, found and gated by
 * {@link OsloInterop#assumeAvailable()} as bosun-rabbit's interop tests are.
 */
final class OsloClient {
  private OsloClient() {}

  /** What one run of the client printed, and its exit status. */
  record Result(int exitCode, String output) {
    boolean passed() {
      return exitCode == 0 && output.contains("PASS SUMMARY");
    }
  }

  /** Runs {@code py_rpc_client.py ARGS} to its end (at most {@code timeoutSeconds}). */
  static Result run(Path scripts, long timeoutSeconds, String... args)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(OsloInterop.PYTHON, scripts.resolve("py_rpc_client.py").toString()));
    command.addAll(List.of(args));
    Path log = Files.createTempFile("py_rpc_client", ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      boolean exited = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
      String output = Files.readString(log, StandardCharsets.UTF_8);
      return exited
          ? new Result(process.exitValue(), output)
          : new Result(-1, output + "\n(did not exit within " + timeoutSeconds + " s)");
    } finally {
      process.destroyForcibly();
      Files.deleteIfExists(log);
    }
  }
}
