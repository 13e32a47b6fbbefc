package dev.bosun.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.servicegroup.ServiceRegistration;
import dev.bosun.servicegroup.ServiceStore;
import dev.bosun.tck.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The services table over TLS with {@code sslmode=verify-full}, against a private PostgreSQL
 * cluster (one per class) whose certificate, for {@value TestCertificates#SERVER_NAME} only, the
 * test's own CA signed. The cluster accepts TLS connections only.
 */
class PostgresTlsTest {
  @TempDir static Path dir;
  private static TestCertificates pki;
  private static PrivatePostgresCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    pki = TestCertificates.create(Files.createDirectory(dir.resolve("pki")));
    cluster = PrivatePostgresCluster.startWithTls(pki);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static String url(String host, Path rootCert) {
    return "jdbc:postgresql://"
        + host
        + ":"
        + cluster.port()
        + "/postgres?user=postgres&sslmode=verify-full&sslrootcert="
        + rootCert;
  }

  @Test
  void theServicesTableWorksOverAVerifiedTlsConnection() throws Exception {
    try (Database db =
        Database.builder(url(TestCertificates.SERVER_NAME, pki.caCert())).maxRetries(0).open()) {
      db.awaitReachable();
      db.sync();
      ServiceStore store = db.serviceStore(Duration.ofSeconds(60));
      store.register(ServiceRegistration.create("tls-host", "bosun-volume", "volume", 1, "1.0"));
      assertThat(store.find("tls-host", "bosun-volume")).isPresent();
      try (Connection c = db.dataSource().getConnection();
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBoolean(1)).as("the connection is encrypted").isTrue();
      }
    }
  }

  @Test
  void aServerCertificateThatSslrootcertDoesNotVouchForIsRefused() {
    try (Database db =
        Database.builder(url(TestCertificates.SERVER_NAME, pki.otherCaCert()))
            .maxRetries(3)
            .open()) {
      // refused at the first attempt: waiting cannot make the certificate trusted
      assertThatThrownBy(db::awaitReachable)
          .isInstanceOf(DatabaseException.class)
          .hasMessageContaining("The database jdbc:postgresql://" + TestCertificates.SERVER_NAME)
          .hasMessageContaining("refused the connection")
          .hasMessageContaining("the server's certificate is not signed by a CA in sslrootcert");
    }
  }

  @Test
  void aHostNameThatTheServerCertificateDoesNotCarryIsRefused() {
    try (Database db =
        Database.builder(url(TestCertificates.UNNAMED_HOST, pki.caCert())).maxRetries(3).open()) {
      assertThatThrownBy(db::awaitReachable)
          .isInstanceOf(DatabaseException.class)
          .hasMessageContaining("The database jdbc:postgresql://" + TestCertificates.UNNAMED_HOST)
          .hasMessageContaining(
              "the server's certificate does not name the host of [database] connection");
    }
  }
}
