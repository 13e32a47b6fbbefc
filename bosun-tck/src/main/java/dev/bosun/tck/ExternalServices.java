package dev.bosun.tck;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Gate for tests that need a real server (PostgreSQL, RabbitMQ, ...) on 127.0.0.1.
 *
 * <p>When the server cannot be reached the test is skipped with a message that names the server and
 * how to start it, except when the environment variable {@code BOSUN_REQUIRE_SERVICES=1} is set (CI
 * sets it): then the test fails, so a missing server can never pass silently.
 */
public final class ExternalServices {
  /** PostgreSQL with trust authentication and a database {@code test}. */
  public static final Server POSTGRESQL =
      new Server(
          "PostgreSQL",
          5432,
          "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start");

  /** RabbitMQ with the guest/guest account. */
  public static final Server RABBITMQ = new Server("RabbitMQ", 5672, "rabbitmq-server -detached");

  private ExternalServices() {}

  /** Whether servers are required (CI) rather than optional (a newcomer's laptop). */
  public static boolean required() {
    return "1".equals(System.getenv("BOSUN_REQUIRE_SERVICES"));
  }

  /** Skips or fails the calling test unless {@code server} accepts TCP connections. */
  public static void assumeReachable(Server server) {
    String problem = server.probe();
    if (problem.isEmpty()) {
      return;
    }
    String message =
        server.name()
            + " is not reachable on 127.0.0.1:"
            + server.port()
            + " ("
            + problem
            + "); start it with: "
            + server.startCommand();
    if (required()) {
      Assertions.fail(message + " [BOSUN_REQUIRE_SERVICES=1, so this is a failure]");
    }
    Assumptions.abort(message + " [test skipped; set BOSUN_REQUIRE_SERVICES=1 to fail instead]");
  }

  /**
   * Skips or fails the calling test unless {@code present}: for what a test starts itself (a
   * private RabbitMQ node, a private PostgreSQL cluster, openssl) rather than reaches.
   *
   * @param what what is missing, e.g. {@code "rabbitmq-server (/usr/sbin/rabbitmq-server)"}
   * @param present whether it is there
   * @param howToGet the command or step that provides it
   */
  public static void assumePresent(String what, boolean present, String howToGet) {
    if (present) {
      return;
    }
    String message = what + " is not available here; get it with: " + howToGet;
    if (required()) {
      Assertions.fail(message + " [BOSUN_REQUIRE_SERVICES=1, so this is a failure]");
    }
    Assumptions.abort(message + " [test skipped; set BOSUN_REQUIRE_SERVICES=1 to fail instead]");
  }

  /** A server on the loopback interface. */
  public record Server(String name, int port, String startCommand) {
    /** An empty string when reachable, else what went wrong. */
    @SuppressWarnings("AddressSelection") // a literal IPv4 address: there is no name to resolve
    String probe() {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        return "";
      } catch (IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      }
    }
  }
}
