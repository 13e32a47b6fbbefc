package dev.bosun.service;

import java.time.Duration;

/**
 * A process for {@link LauncherSignalTest}: launches one service that prints its life cycle and
 * stops after {@code args[0]} milliseconds, with {@code args[1]} as the graceful timeout in ms.
 * {@code args[2]}, when given, picks a misbehaviour:
 *
 * <ul>
 *   <li>{@code block-start}: the start blocks until interrupted, then fails;
 *   <li>{@code block-start-hard}: the start blocks and ignores interrupts;
 *   <li>{@code fail-second-start}: a second service, {@code broken@child}, fails to start;
 *   <li>{@code fail-stop}: the stop throws.
 * </ul>
 */
public final class SignalTestMain {
  private SignalTestMain() {}

  public static void main(String[] args) {
    long stopMillis = Long.parseLong(args[0]);
    Duration graceful = Duration.ofMillis(Long.parseLong(args[1]));
    String mode = args.length > 2 ? args[2] : "normal";
    Service service =
        new AbstractService() {
          @Override
          public String name() {
            return "probe@child";
          }

          @Override
          protected void doStart() {
            if (mode.equals("block-start")) {
              System.out.println("STARTING");
              try {
                Thread.sleep(Long.MAX_VALUE);
              } catch (InterruptedException e) {
                System.out.println("START INTERRUPTED");
                Thread.currentThread().interrupt();
                throw new ServiceException("start of probe@child interrupted", e);
              }
            }
            if (mode.equals("block-start-hard")) {
              System.out.println("STARTING");
              while (true) {
                try {
                  Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                  System.out.println("IGNORING INTERRUPT");
                }
              }
            }
            System.out.println("STARTED");
          }

          @Override
          protected void doStop(Duration timeout) {
            System.out.println("STOPPING");
            if (mode.equals("fail-stop")) {
              throw new IllegalStateException("probe@child cannot let go");
            }
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
    ServiceLauncher.Builder builder =
        ServiceLauncher.builder()
            .service(service)
            .gracefulShutdownTimeout(graceful)
            .onReload(() -> System.out.println("RELOADED"))
            .reportSection("Configuration", out -> out.append("password = ****\n"));
    if (mode.equals("fail-second-start")) {
      builder.service(
          new AbstractService() {
            @Override
            public String name() {
              return "broken@child";
            }

            @Override
            protected void doStart() {
              throw new IllegalStateException("broken@child cannot start");
            }

            @Override
            protected void doStop(Duration timeout) {}

            @Override
            public void report(StringBuilder out) {}
          });
    }
    int code = builder.build().launch();
    System.out.println("EXIT " + code);
    System.exit(code);
  }
}
