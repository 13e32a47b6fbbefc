package dev.bosun.rabbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ssl_* options build a working TLS context from PEM files, as Python's ssl module reads them.
 */
class PemTlsTest {
  @TempDir Path dir;

  private void openssl(String... args) throws Exception {
    Assumptions.assumeTrue(new File("/usr/bin/openssl").canExecute(), "openssl not installed");
    java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("/usr/bin/openssl"));
    cmd.addAll(java.util.List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
  }

  @Test
  void aClientCertificateAndACaFileMakeAWorkingHandshake() throws Exception {
    openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "key.pem",
        "-out",
        "cert.pem",
        "-subj",
        "/CN=localhost",
        "-days",
        "1");
    RabbitOptions options =
        RabbitOptions.builder()
            .ssl(true)
            .sslCaFile(dir.resolve("cert.pem").toString())
            .sslCertFile(dir.resolve("cert.pem").toString())
            .sslKeyFile(dir.resolve("key.pem").toString())
            .sslVersion("TLSv1_2")
            .build();
    SSLContext ctx = PemTls.context(options);
    assertThat(ctx.getProtocol()).isEqualTo("TLSv1.2");

    try (SSLServerSocket server =
        (SSLServerSocket)
            ctx.getServerSocketFactory()
                .createServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      server.setNeedClientAuth(true);
      Thread echo =
          new Thread(
              () -> {
                try (SSLSocket s = (SSLSocket) server.accept();
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream()) {
                  out.write(in.read());
                } catch (Exception e) {
                  // the client side fails the test
                }
              });
      echo.start();
      try (SSLSocket client =
          (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", server.getLocalPort())) {
        client.getOutputStream().write(42);
        assertThat(client.getInputStream().read()).isEqualTo(42);
      }
      echo.join(10_000);
    }
  }

  @Test
  void aKeyThatIsNotPkcs8SaysHowToConvertIt() throws Exception {
    Path key = dir.resolve("rsa.pem");
    Files.writeString(
        key, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
    Path cert = dir.resolve("cert.pem");
    openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "k.pem",
        "-out",
        "cert.pem",
        "-subj",
        "/CN=localhost",
        "-days",
        "1");
    RabbitOptions options =
        RabbitOptions.builder()
            .ssl(true)
            .sslCertFile(cert.toString())
            .sslKeyFile(key.toString())
            .build();
    assertThatThrownBy(() -> PemTls.context(options))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(key.toString())
        .hasMessageContaining("openssl pkcs8");
  }
}
