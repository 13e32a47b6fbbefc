package dev.bosun.tck;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A throw-away PKI for TLS tests against real servers, made with Debian's {@code openssl} in a
 * directory of the test's: a CA, a second CA that signed nothing the servers use (the "wrong CA"),
 * a server certificate for {@value #SERVER_NAME} only, and a client certificate whose common name
 * is {@value #CLIENT_NAME}. All keys are unencrypted PEM; {@link #openssl} makes other forms.
 *
 * <p>The server certificate names {@value #SERVER_NAME} and no IP address on purpose: a client that
 * connects to {@value #UNNAMED_HOST} reaches the same server under a name the certificate does not
 * carry, which is how the tests check that a wrong host name is refused.
 */
public final class TestCertificates {
  /** The only name in the server certificate (a DNS subject alternative name). */
  public static final String SERVER_NAME = "localhost";

  /** The same loopback server under an address the server certificate does not name. */
  public static final String UNNAMED_HOST = "127.0.0.1";

  /** The common name of the client certificate (RabbitMQ's user with EXTERNAL). */
  public static final String CLIENT_NAME = "bosun-tls-client";

  private static final String OPENSSL = "/usr/bin/openssl";

  private final Path dir;

  private TestCertificates(Path dir) {
    this.dir = dir;
  }

  /**
   * Makes the CA, the other CA, the server and the client certificates in {@code dir}. Skips the
   * test (fails it with {@code BOSUN_REQUIRE_SERVICES=1}) when openssl is not installed.
   *
   * @throws IOException when openssl fails, with its output
   */
  public static TestCertificates create(Path dir) throws IOException {
    ExternalServices.assumePresent(
        "openssl (" + OPENSSL + ")", new File(OPENSSL).canExecute(), "apt-get install openssl");
    TestCertificates pki = new TestCertificates(dir);
    pki.ca("ca", "Bosun Test CA");
    pki.ca("other-ca", "Bosun Other Test CA");
    pki.signed(
        "server",
        "rsa",
        SERVER_NAME,
        "subjectAltName=DNS:" + SERVER_NAME + "\nextendedKeyUsage=serverAuth\n",
        "ca");
    pki.signed("client", "rsa", CLIENT_NAME, "extendedKeyUsage=clientAuth\n", "ca");
    return pki;
  }

  /** The directory holding every file. */
  public Path dir() {
    return dir;
  }

  /** PEM certificate of the CA that signed the server and client certificates. */
  public Path caCert() {
    return dir.resolve("ca.pem");
  }

  /** PEM certificate of a CA that signed nothing the servers present. */
  public Path otherCaCert() {
    return dir.resolve("other-ca.pem");
  }

  /** PEM server certificate for {@value #SERVER_NAME}, signed by {@link #caCert()}. */
  public Path serverCert() {
    return dir.resolve("server.pem");
  }

  /** The server's key, PKCS#8 PEM. */
  public Path serverKey() {
    return dir.resolve("server.key");
  }

  /** PEM client certificate, common name {@value #CLIENT_NAME}, signed by {@link #caCert()}. */
  public Path clientCert() {
    return dir.resolve("client.pem");
  }

  /** The client's RSA key, PKCS#8 PEM ({@code BEGIN PRIVATE KEY}). */
  public Path clientKey() {
    return dir.resolve("client.key");
  }

  /**
   * Makes another client certificate signed by the CA, with a key of {@code keyType} ({@code rsa}
   * or {@code ec}), and returns its name: the files are {@code <name>.pem} and {@code <name>.key}
   * (PKCS#8 PEM).
   */
  public String newClient(String name, String keyType) throws IOException {
    signed(name, keyType, CLIENT_NAME, "extendedKeyUsage=clientAuth\n", "ca");
    return name;
  }

  /**
   * Makes a client certificate for {@value #CLIENT_NAME} (RSA key) signed by {@link
   * #otherCaCert()}, which no server of the tests trusts; files as {@link #newClient}.
   */
  public String newClientOfOtherCa(String name) throws IOException {
    signed(name, "rsa", CLIENT_NAME, "extendedKeyUsage=clientAuth\n", "other-ca");
    return name;
  }

  /** Runs {@code openssl args...} in {@link #dir()} and returns its output. */
  public String openssl(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(OPENSSL));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (p.waitFor() != 0) {
        throw new IOException(String.join(" ", command) + " failed in " + dir + ": " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running openssl", e);
    }
    return out;
  }

  private void ca(String name, String commonName) throws IOException {
    openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        name + ".key",
        "-out",
        name + ".pem",
        "-subj",
        "/CN=" + commonName,
        "-days",
        "2",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign");
  }

  private void signed(String name, String keyType, String commonName, String extensions, String ca)
      throws IOException {
    if (keyType.equals("ec")) {
      openssl(
          "genpkey",
          "-algorithm",
          "EC",
          "-pkeyopt",
          "ec_paramgen_curve:P-256",
          "-out",
          name + ".key");
    } else {
      openssl(
          "genpkey",
          "-algorithm",
          "RSA",
          "-pkeyopt",
          "rsa_keygen_bits:2048",
          "-out",
          name + ".key");
    }
    openssl(
        "req", "-new", "-key", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + commonName);
    Files.writeString(dir.resolve(name + ".ext"), extensions);
    openssl(
        "x509",
        "-req",
        "-in",
        name + ".csr",
        "-CA",
        ca + ".pem",
        "-CAkey",
        ca + ".key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        name + ".ext",
        "-out",
        name + ".pem");
  }
}
