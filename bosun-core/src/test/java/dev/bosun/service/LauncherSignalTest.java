package dev.bosun.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Real signals sent to a real child JVM running a {@link ServiceLauncher}. */
class LauncherSignalTest {
  private Process child;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  // appended by a pump thread while the test thread reads: StringBuffer's locking is needed
  @SuppressWarnings("JdkObsolete")
  private final StringBuffer stderr = new StringBuffer();

  @AfterEach
  void killChild() {
    if (child != null && child.isAlive()) {
      child.destroyForcibly();
    }
  }

  @Test
  void sigtermStopsGracefullyAndExitsZero() throws Exception {
    start(List.of(), 100, 30_000);
    signal("TERM");
    expectLine("STOPPING");
    expectLine("STOPPED");
    expectLine("EXIT 0");
    assertThat(exitCode()).isEqualTo(0);
  }

  @Test
  void sigtermPastTheGracefulTimeoutNamesWhatStillRunsAndExitsOne() throws Exception {
    start(List.of(), 60_000, 500);
    signal("TERM");
    expectLine("STOPPING");
    assertThat(exitCode()).isEqualTo(ServiceLauncher.EXIT_SHUTDOWN_TIMEOUT);
    assertThat(stderr.toString()).contains("Graceful shutdown timed out").contains("probe@child");
    assertThat(lines).doesNotContain("STOPPED");
  }

  @Test
  void sigtermDuringAStartInterruptsItAndStops() throws Exception {
    // Regression: SIGTERM was ignored until the start returned, here never.
    launchChild("block-start", 100, 30_000);
    expectLine("STARTING");
    signal("TERM");
    expectLine("START INTERRUPTED");
    expectLine("EXIT 0");
    assertThat(exitCode()).isEqualTo(ServiceLauncher.EXIT_OK);
    assertThat(stderr.toString()).contains("interrupting its start");
  }

  @Test
  void sigtermDuringAStartThatIgnoresInterruptsIsHaltedByTheWatchdog() throws Exception {
    // Regression: no watchdog ran while a service was starting.
    launchChild("block-start-hard", 100, 500);
    expectLine("STARTING");
    signal("TERM");
    expectLine("IGNORING INTERRUPT");
    assertThat(exitCode()).isEqualTo(ServiceLauncher.EXIT_SHUTDOWN_TIMEOUT);
    assertThat(stderr.toString()).contains("Graceful shutdown timed out").contains("probe@child");
  }

  @Test
  void theStopAfterAFailedStartIsWatchedToo() throws Exception {
    // Regression: the services started before a failed start were stopped without a watchdog.
    launchChild("fail-second-start", 600_000, 500);
    expectLine("STARTED");
    expectLine("STOPPING");
    assertThat(exitCode()).isEqualTo(ServiceLauncher.EXIT_START_FAILED);
    assertThat(stderr.toString())
        .contains("broken@child cannot start")
        .contains("Graceful shutdown timed out")
        .contains("probe@child");
    assertThat(lines).doesNotContain("STOPPED");
  }

  @Test
  void aServiceThatFailsToStopMakesTheExitCodeOne() throws Exception {
    // Regression: launch() returned 0 although a service ended FAILED in its stop.
    start(List.of(), 100, 30_000, "fail-stop");
    signal("TERM");
    expectLine("STOPPING");
    expectLine("EXIT " + ServiceLauncher.EXIT_FAILURE);
    assertThat(exitCode()).isEqualTo(ServiceLauncher.EXIT_FAILURE);
    assertThat(stderr.toString()).contains("probe@child cannot let go");
  }

  @Test
  void sigintExitsAtOnceWithoutStopping() throws Exception {
    start(List.of(), 100, 30_000);
    signal("INT");
    assertThat(exitCode()).isEqualTo(ServiceLauncher.EXIT_INTERRUPTED);
    assertThat(lines).doesNotContain("STOPPING");
  }

  @Test
  void sighupInADaemonReloadsAndResetsAndKeepsRunning() throws Exception {
    start(List.of(), 100, 30_000);
    signal("HUP");
    expectLine("RELOADED");
    expectLine("RESET");
    assertThat(child.isAlive()).isTrue();
    signal("TERM");
    expectLine("EXIT 0");
  }

  @Test
  void sighupInAForegroundTerminalStops() throws Exception {
    Assumptions.assumeTrue(
        new File("/usr/bin/script").canExecute(),
        "util-linux 'script' is needed to give the child a terminal");
    List<String> java = javaCommand(100, 30_000);
    // 'script' runs the JVM in a new session whose controlling terminal is a pseudo-terminal,
    // with the JVM in the foreground process group: oslo's "not a daemon" case.
    String command = String.join(" ", java.stream().map(LauncherSignalTest::quote).toList());
    start(List.of("/usr/bin/script", "-qefc", command, "/dev/null"), -1, -1);
    expectLine("STARTED");
    long jvmPid = childJvmPid();
    new ProcessBuilder("kill", "-HUP", Long.toString(jvmPid)).start().waitFor();
    expectLine("STOPPED");
    assertThat(lines).doesNotContain("RELOADED");
  }

  @Test
  void sigusr2WritesAReportAndKeepsRunning() throws Exception {
    start(List.of(), 100, 30_000);
    signal("USR2");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!stderr.toString().contains("==== Threads ====") && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(stderr.toString())
        .contains("==== Services ====")
        .contains("probe@child")
        .contains("RUNNING")
        .contains("password = ****")
        .contains("probe statistics: fine")
        .contains("\"main\"");
    assertThat(child.isAlive()).isTrue();
    signal("TERM");
    expectLine("EXIT 0");
  }

  private void start(List<String> wrapper, long stopMillis, long gracefulMillis) throws Exception {
    start(wrapper, stopMillis, gracefulMillis, "normal");
  }

  private void start(List<String> wrapper, long stopMillis, long gracefulMillis, String mode)
      throws Exception {
    List<String> command =
        wrapper.isEmpty() ? javaCommand(stopMillis, gracefulMillis, mode) : wrapper;
    child = new ProcessBuilder(command).start();
    pump(child.getInputStream(), line -> lines.add(line.strip()));
    pump(child.getErrorStream(), line -> stderr.append(line).append('\n'));
    if (wrapper.isEmpty()) {
      expectLine("STARTED");
      waitForLog("All 1 service(s) running");
    }
  }

  /** Starts the child JVM in {@code mode} (see {@link SignalTestMain}) and waits for nothing. */
  private void launchChild(String mode, long stopMillis, long gracefulMillis) throws Exception {
    child = new ProcessBuilder(javaCommand(stopMillis, gracefulMillis, mode)).start();
    pump(child.getInputStream(), line -> lines.add(line.strip()));
    pump(child.getErrorStream(), line -> stderr.append(line).append('\n'));
  }

  private List<String> javaCommand(long stopMillis, long gracefulMillis) {
    return javaCommand(stopMillis, gracefulMillis, "normal");
  }

  private List<String> javaCommand(long stopMillis, long gracefulMillis, String mode) {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command =
        new ArrayList<>(
            List.of(
                javaBin,
                "-cp",
                classpath,
                SignalTestMain.class.getName(),
                Long.toString(stopMillis),
                Long.toString(gracefulMillis),
                mode));
    return command;
  }

  private long childJvmPid() throws IOException, InterruptedException {
    // The JVM is a descendant of 'script'; find it by its main class.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      var found =
          child
              .toHandle()
              .descendants()
              .filter(
                  handle ->
                      handle
                          .info()
                          .commandLine()
                          .orElse("")
                          .contains(SignalTestMain.class.getName()))
              .filter(handle -> handle.info().command().orElse("").endsWith("java"))
              .findFirst();
      if (found.isPresent()) {
        return found.get().pid();
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the child JVM under 'script' was not found");
  }

  private void signal(String name) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(child.pid())).start();
    assertThat(kill.waitFor()).isZero();
  }

  private void expectLine(String expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    List<String> seen = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line == null) {
        continue;
      }
      seen.add(line);
      if (line.equals(expected)) {
        return;
      }
    }
    throw new AssertionError(
        "expected '" + expected + "' from the child; saw " + seen + "; stderr:\n" + stderr);
  }

  private void waitForLog(String text) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!stderr.toString().contains(text) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(stderr.toString()).contains(text);
  }

  private int exitCode() throws InterruptedException {
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child exited").isTrue();
    return child.exitValue();
  }

  private static String quote(String arg) {
    return "'" + arg.replace("'", "'\\''") + "'";
  }

  private static void pump(java.io.InputStream stream, java.util.function.Consumer<String> sink) {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                  sink.accept(line);
                }
              } catch (IOException ignored) {
                // the child went away
              }
            });
    thread.setDaemon(true);
    thread.start();
  }
}
