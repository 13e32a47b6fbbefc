package dev.bosun.rabbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.tck.TestCertificates;
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

  private RabbitOptions clientOptions(TestCertificates pki, Path key) {
    return RabbitOptions.builder()
        .ssl(true)
        .sslCaFile(pki.caCert().toString())
        .sslCertFile(pki.clientCert().toString())
        .sslKeyFile(key.toString())
        .build();
  }

  @Test
  void aKeyEncryptedWithAPasswordIsRefusedWithTheCommandThatDecryptsIt() throws Exception {
    TestCertificates pki = TestCertificates.create(dir);
    String key = pki.clientKey().toString();
    pki.openssl("pkcs8", "-topk8", "-in", key, "-passout", "pass:secret", "-out", "enc.pk8");
    pki.openssl(
        "pkey",
        "-in",
        key,
        "-traditional",
        "-aes256",
        "-passout",
        "pass:secret",
        "-out",
        "enc.pem");
    assertThat(Files.readString(dir.resolve("enc.pk8"))).contains("BEGIN ENCRYPTED PRIVATE KEY");
    assertThat(Files.readString(dir.resolve("enc.pem"))).contains("Proc-Type: 4,ENCRYPTED");
    for (String name : new String[] {"enc.pk8", "enc.pem"}) {
      Path encrypted = dir.resolve(name);
      assertThatThrownBy(() -> PemTls.context(clientOptions(pki, encrypted)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("ssl_key_file '" + encrypted + "' is encrypted with a password")
          .hasMessageContaining("openssl pkey -in " + encrypted + " -out " + encrypted + ".plain");
    }
  }

  @Test
  void theDecryptedKeyThatTheMessageAsksForLoads() throws Exception {
    TestCertificates pki = TestCertificates.create(dir);
    String key = pki.clientKey().toString();
    pki.openssl("pkcs8", "-topk8", "-in", key, "-passout", "pass:secret", "-out", "enc.pk8");
    pki.openssl("pkey", "-in", "enc.pk8", "-passin", "pass:secret", "-out", "enc.pk8.plain");
    assertThat(PemTls.context(clientOptions(pki, dir.resolve("enc.pk8.plain")))).isNotNull();
  }

  @Test
  void aCertificateFileWithoutItsKeyAndNoKeyFileIsRefusedNamingTheCertificateFile()
      throws Exception {
    TestCertificates pki = TestCertificates.create(dir);
    RabbitOptions options =
        RabbitOptions.builder().ssl(true).sslCertFile(pki.clientCert().toString()).build();
    assertThatThrownBy(() -> PemTls.context(options))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ssl_cert_file '" + pki.clientCert() + "' holds no PEM private key");
  }

  @Test
  void aKeyThatIsNotTheCertificatesIsRefusedNamingBothFiles() throws Exception {
    TestCertificates pki = TestCertificates.create(dir);
    assertThatThrownBy(() -> PemTls.context(clientOptions(pki, pki.serverKey())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "ssl_key_file '"
                + pki.serverKey()
                + "' is not the key of the certificate in ssl_cert_file '"
                + pki.clientCert()
                + "'");
  }

  @Test
  void aKeyInAFormBosunDoesNotReadSaysHowToConvertIt() throws Exception {
    TestCertificates pki = TestCertificates.create(dir);
    Path dsa = dir.resolve("dsa.pem");
    Files.writeString(
        dsa, "-----BEGIN DSA PRIVATE KEY-----\nAAAA\n-----END DSA PRIVATE KEY-----\n");
    assertThatThrownBy(() -> PemTls.context(clientOptions(pki, dsa)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds a 'DSA PRIVATE KEY'")
        .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt -in " + dsa);

    pki.openssl("pkey", "-in", pki.clientKey().toString(), "-outform", "DER", "-out", "key.der");
    Path der = dir.resolve("key.der");
    assertThatThrownBy(() -> PemTls.context(clientOptions(pki, der)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ssl_key_file '" + der + "' holds no PEM private key")
        .hasMessageContaining("-inform DER");

    Path missing = dir.resolve("missing.key");
    assertThatThrownBy(() -> PemTls.context(clientOptions(pki, missing)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no such file: " + missing);
  }
}
