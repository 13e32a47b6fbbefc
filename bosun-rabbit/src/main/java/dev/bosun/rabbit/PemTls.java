package dev.bosun.rabbit;

import java.io.IOException;
import java.io.InputStream;
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
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Builds the TLS context of oslo's {@code ssl_*} options from PEM files, as Python's ssl does. */
final class PemTls {
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
        PrivateKey key = PemKeys.read(Path.of(o.sslKeyFile()));
        PemKeys.requireMatch(key, chain.iterator().next(), o.sslKeyFile(), o.sslCertFile());
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

  private static Collection<? extends Certificate> certificates(String file, String option)
      throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      Collection<? extends Certificate> certs =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certs.isEmpty()) {
        throw new IllegalArgumentException(option + " '" + file + "' holds no certificate");
      }
      return certs;
    }
  }
}
