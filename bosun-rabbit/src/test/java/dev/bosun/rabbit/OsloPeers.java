package dev.bosun.rabbit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.tck.OsloInterop;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The Python peers of {@code shared/interop/} (real oslo.messaging), found and gated by {@link
 * OsloInterop#assumeAvailable()}.
 */
final class OsloPeers {
  private OsloPeers() {}

  /** A running Python peer whose output lines are collected. */
  static final class Peer implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    Peer(Path dir, String script, String... args) throws IOException {
      List<String> cmd =
          new ArrayList<>(List.of(OsloInterop.PYTHON, dir.resolve(script).toString()));
      cmd.addAll(List.of(args));
      process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      reader =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = r.readLine()) != null) {
                    lines.add(line);
                  }
                } catch (IOException e) {
                  lines.add("(output unreadable: " + e + ")");
                }
              },
              "oslo-peer-" + script);
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
      assertExits(timeoutSeconds);
      assertThat(output()).contains("PASS SUMMARY");
      lines.stream().filter(l -> l.contains("SUMMARY")).forEach(System.out::println);
    }

    /** Waits for the peer to exit and asserts its exit status is 0. */
    void assertExits(long timeoutSeconds) throws Exception {
      boolean exited = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
      reader.join(5000);
      assertThat(exited)
          .as(
              "the Python peer did not finish within %s s; its output:%n%s",
              timeoutSeconds, output())
          .isTrue();
      assertThat(process.exitValue())
          .as("the Python peer failed; its output:%n%s", output())
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
