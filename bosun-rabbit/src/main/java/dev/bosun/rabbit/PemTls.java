package dev.bosun.rabbit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Builds the TLS context of oslo's {@code ssl_*} options from PEM files, as Python's ssl does. */
final class PemTls {
  private static final Pattern CERTIFICATE =
      Pattern.compile("-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", Pattern.DOTALL);

  private PemTls() {}

  static SSLContext context(RabbitOptions o) {
    try {
      TrustManagerFactory tmf = null;
      if (!o.sslCaFile().isEmpty()) {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        int i = 0;
        for (Certificate c : certificates(o.sslCaFile(), "ssl_ca_file")) {
          trust.setCertificateEntry("ca" + i++, c);
        }
        tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
      }
      KeyManagerFactory kmf = null;
      if (!o.sslCertFile().isEmpty()) {
        Collection<? extends Certificate> chain = certificates(o.sslCertFile(), "ssl_cert_file");
        String keyOption = o.sslKeyFile().isEmpty() ? "ssl_cert_file" : "ssl_key_file";
        String keyFile = o.sslKeyFile().isEmpty() ? o.sslCertFile() : o.sslKeyFile();
        PrivateKey key = PemKeys.read(keyOption, Path.of(keyFile));
        PemKeys.requireMatch(key, chain.iterator().next(), keyFile, o.sslCertFile());
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setKeyEntry("client", key, new char[0], chain.toArray(new Certificate[0]));
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
      }
      String protocol = o.sslVersion().isEmpty() ? "TLS" : o.sslVersion().replace('_', '.');
      SSLContext ctx = SSLContext.getInstance(protocol);
      ctx.init(
          kmf == null ? null : kmf.getKeyManagers(),
          tmf == null ? null : tmf.getTrustManagers(),
          null);
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(
          "Cannot set up TLS from the ssl_* options (ssl_ca_file='"
              + o.sslCaFile()
              + "', ssl_cert_file='"
              + o.sslCertFile()
              + "', ssl_version='"
              + o.sslVersion()
              + "'): "
              + problem(e),
          e);
    }
  }

  private static String problem(Exception e) {
    if (e instanceof NoSuchFileException) {
      return "no such file: " + e.getMessage();
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied: " + e.getMessage();
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  /**
   * The certificates of the PEM file {@code file}, skipping anything else in it (a private key, as
   * in a combined {@code ssl_cert_file}; text between blocks), as Python's ssl does.
   */
  private static Collection<? extends Certificate> certificates(String file, String option)
      throws IOException, GeneralSecurityException {
    String pem = Files.readString(Path.of(file), StandardCharsets.ISO_8859_1);
    StringBuilder blocks = new StringBuilder();
    Matcher m = CERTIFICATE.matcher(pem);
    while (m.find()) {
      blocks.append(m.group()).append('\n');
    }
    if (blocks.length() == 0) {
      throw new IllegalArgumentException(
          option
              + " '"
              + file
              + "' holds no PEM certificate (-----BEGIN CERTIFICATE-----); a DER certificate"
              + " converts with: openssl x509 -inform DER -in <cert.der> -out "
              + file);
    }
    return CertificateFactory.getInstance("X.509")
        .generateCertificates(
            new ByteArrayInputStream(blocks.toString().getBytes(StandardCharsets.ISO_8859_1)));
  }
}
