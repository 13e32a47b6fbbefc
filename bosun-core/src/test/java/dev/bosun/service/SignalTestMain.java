package dev.bosun.service;

import java.time.Duration;

/**
 * A process for {@link LauncherSignalTest}: launches one service that prints its life cycle and
 * stops after {@code args[0]} milliseconds, with {@code args[1]} as the graceful timeout in ms.
 */
public final class SignalTestMain {
  private SignalTestMain() {}

  public static void main(String[] args) {
    long stopMillis = Long.parseLong(args[0]);
    Duration graceful = Duration.ofMillis(Long.parseLong(args[1]));
    Service service = new AbstractService() {
      @Override
      public String name() {
        return "probe@child";
      }

      @Override
      protected void doStart() {
        System.out.println("STARTED");
      }

      @Override
      protected void doStop(Duration timeout) {
        System.out.println("STOPPING");
        try {
          Thread.sleep(stopMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        System.out.println("STOPPED");
      }

      @Override
      protected void doReset() {
        System.out.println("RESET");
      }

      @Override
      public void report(StringBuilder out) {
        out.append("probe statistics: fine\n");
      }
    };
    ServiceLauncher launcher = ServiceLauncher.builder()
        .service(service)
        .gracefulShutdownTimeout(graceful)
        .onReload(() -> System.out.println("RELOADED"))
        .reportSection("Configuration", out -> out.append("password = ****\n"))
        .build();
    int code = launcher.launch();
    System.out.println("EXIT " + code);
    System.exit(code);
  }
}
