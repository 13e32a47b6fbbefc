package dev.bosun.rabbit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.tck.ExternalServices;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The Python peers of {@code shared/interop/} (real oslo.messaging 14.0.3), run with
 * {@code /usr/bin/python3}. The scripts are found at {@code ../shared/interop/} relative to the
 * repository root (CI keeps {@code shared/} beside the clone), else in {@code shared/interop} of
 * an ancestor directory, else at {@code $BOSUN_INTEROP_DIR}. A missing script directory or a
 * missing {@code python3-oslo.messaging} skips the test, or fails it under
 * {@code BOSUN_REQUIRE_SERVICES=1}, like a missing broker.
 */
final class OsloPeers {
  static final String PYTHON = "/usr/bin/python3";
  private static volatile String problem;

  private OsloPeers() {}

  /** Skips or fails the calling test unless RabbitMQ, the scripts and oslo.messaging are here. */
  static Path assumeAvailable() {
    ExternalServices.assumeReachable(ExternalServices.RABBITMQ);
    Optional<Path> dir = scriptDir();
    String why = dir.isEmpty()
        ? "the oslo.messaging interop scripts (shared/interop) were not found beside the"
            + " repository (looked in ../shared/interop from " + repositoryRoot() + " and its"
            + " ancestors; set BOSUN_INTEROP_DIR)"
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

  static Path repositoryRoot() {
    Path p = Path.of("").toAbsolutePath();
    Path root = p;
    while (p != null) {
      if (Files.isDirectory(p.resolve("bosun-core")) && Files.isRegularFile(p.resolve("pom.xml"))) {
        root = p;
        break;
      }
      p = p.getParent();
    }
    return root;
  }

  private static Optional<Path> scriptDir() {
    String env = System.getenv("BOSUN_INTEROP_DIR");
    if (env != null && Files.isRegularFile(Path.of(env, "py_rpc_client.py"))) {
      return Optional.of(Path.of(env));
    }
    for (Path p = repositoryRoot().getParent(); p != null; p = p.getParent()) {
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

  /** A running Python peer whose output lines are collected. */
  static final class Peer implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    Peer(Path dir, String script, String... args) throws IOException {
      List<String> cmd = new ArrayList<>(List.of(PYTHON, dir.resolve(script).toString()));
      cmd.addAll(List.of(args));
      process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
            process.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null) {
            lines.add(line);
          }
        } catch (IOException e) {
          lines.add("(output unreadable: " + e + ")");
        }
      }, "oslo-peer-" + script);
      reader.setDaemon(true);
      reader.start();
    }

    boolean printed(String text) {
      return lines.stream().anyMatch(l -> l.contains(text));
    }

    String output() {
      return String.join("\n", lines);
    }

    /** Waits for the peer to exit and asserts it reported success. */
    void assertPasses(long timeoutSeconds) throws Exception {
      boolean exited = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
      reader.join(5000);
      assertThat(exited).as("the Python peer did not finish within %s s; its output:%n%s",
          timeoutSeconds, output()).isTrue();
      assertThat(process.exitValue()).as("the Python peer failed; its output:%n%s", output())
          .isZero();
      assertThat(output()).contains("PASS SUMMARY");
      lines.stream().filter(l -> l.contains("SUMMARY")).forEach(System.out::println);
    }

    /** Waits for the peer to exit and asserts its exit status is 0. */
    void assertExits(long timeoutSeconds) throws Exception {
      boolean exited = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
      reader.join(5000);
      assertThat(exited).as("the Python peer did not finish within %s s; its output:%n%s",
          timeoutSeconds, output()).isTrue();
      assertThat(process.exitValue()).as("the Python peer failed; its output:%n%s", output())
          .isZero();
    }

    @Override
    public void close() {
      if (process.isAlive()) {
        process.destroy();
        try {
          if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          process.destroyForcibly();
        }
      }
    }
  }
}
