package dev.bosun.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * (As bosun-cli's test BosunProcess, which other modules cannot reach.) A real {@code bosun}
 * command in a child JVM ({@code java -cp <test class path> dev.bosun.cli.Main ARGS}), its standard
 * output and error collected. {@link #close()} kills it if it still runs: every test closes what it
 * starts.
 */
final class ChildBosun implements AutoCloseable {
  /** Generous: a JVM start and a service start on a loaded 2-core machine. */
  static final Duration WAIT = Duration.ofMinutes(2);

  private final Process process;

  // appended by the pump threads while the test thread reads: StringBuffer's locking is needed
  @SuppressWarnings("JdkObsolete")
  private final StringBuffer out = new StringBuffer();

  @SuppressWarnings("JdkObsolete")
  private final StringBuffer err = new StringBuffer();

  private final Thread outPump;
  private final Thread errPump;

  private ChildBosun(Process process) {
    this.process = process;
    this.outPump = pump(process.getInputStream(), out, "bosun-out-" + process.pid());
    this.errPump = pump(process.getErrorStream(), err, "bosun-err-" + process.pid());
  }

  /** Starts {@code bosun ARGS} with the test class path (so with the demo service). */
  static ChildBosun start(String... args) throws IOException {
    return start(Map.of(), args);
  }

  /** Starts {@code bosun ARGS} with {@code env} added to the environment. */
  static ChildBosun start(Map<String, String> env, String... args) throws IOException {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command =
        new ArrayList<>(
            List.of(
                javaBin,
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xmx256m",
                "-Dlogback.configurationFile=logback.xml", // bosun-cli's: the log on stderr
                "-cp",
                classpath,
                dev.bosun.cli.Main.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("BOSUN_LOG_LEVEL");
    builder.environment().putAll(env);
    return new ChildBosun(builder.start());
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Standard error so far: the log. */
  String log() {
    return err.toString();
  }

  String output() {
    return out.toString();
  }

  /** Waits until the log contains {@code text}; fails with the log when it does not come. */
  void awaitLog(String text) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!log().contains(text)) {
      if (!process.isAlive()) {
        errPump.join(5000);
        if (log().contains(text)) {
          return;
        }
        throw new AssertionError(
            "bosun exited (code "
                + process.exitValue()
                + ") without logging '"
                + text
                + "'; "
                + this);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("bosun did not log '" + text + "' within " + WAIT + "; " + this);
      }
      Thread.sleep(50);
    }
  }

  /** Waits until the service logged that it runs. */
  void awaitRunning() throws InterruptedException {
    awaitLog("All 1 service(s) running");
  }

  /** Sends {@code SIG<name>} with kill(1). */
  void signal(String name) throws IOException, InterruptedException {
    Process kill =
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
            .redirectErrorStream(true)
            .start();
    assertThat(kill.waitFor()).as("kill -%s %s", name, process.pid()).isZero();
  }

  /** Waits for the exit and returns the exit code, all output read. */
  int awaitExit() throws InterruptedException {
    assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS))
        .as("bosun exited within %s; %s", WAIT, this)
        .isTrue();
    outPump.join(10_000);
    errPump.join(10_000);
    return process.exitValue();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return "pid " + process.pid() + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
  }

  private static Thread pump(InputStream stream, StringBuffer sink, String name) {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                  sink.append(line).append('\n');
                }
              } catch (IOException ignored) {
                // the child went away
              }
            },
            name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
