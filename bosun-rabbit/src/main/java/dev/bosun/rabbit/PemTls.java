package dev.bosun.rabbit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
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
        PrivateKey key = privateKey(o.sslKeyFile());
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
              + e.getMessage(),
          e);
    }
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

  private static PrivateKey privateKey(String file) throws IOException, GeneralSecurityException {
    String pem = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
    if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
      throw new IllegalArgumentException(
          "ssl_key_file '"
              + file
              + "' is not an unencrypted"
              + " PKCS#8 PEM key (-----BEGIN PRIVATE KEY-----); convert it with: openssl pkcs8"
              + " -topk8 -nocrypt -in "
              + file);
    }
    String base64 =
        pem.substring(
                pem.indexOf("-----BEGIN PRIVATE KEY-----") + 27,
                pem.indexOf("-----END PRIVATE KEY-----"))
            .replaceAll("\\s", "");
    byte[] der = Base64.getDecoder().decode(base64);
    GeneralSecurityException last = null;
    for (String alg : new String[] {"RSA", "EC", "Ed25519", "DSA"}) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw last;
  }
}
